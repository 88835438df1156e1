import Testing
import SondeCore
@testable import SondeReport

/// Golden SVG of every chart type on fixed data (SONDE_UPDATE_GOLDEN=1 rewrites them), and the
/// toolkit's arithmetic.
@Suite struct SVGChartTests {
    let figures = HTMLFigures(try! ReportInput(data: Fixtures.runData(), options: AnalysisOptions(baseline: "cloud-us-east", resamples: 200)))

    @Test func cdfMatchesGolden() throws {
        try Golden.check(Array(figures.cdf.svg().utf8), against: "chart-cdf.svg")
        #expect(figures.cdf.takeaway == "depin-eu has the longest tail: its p99 (299 ms) is 4.4x its median, against 1.0x for the baseline cloud-us-east.")
    }

    @Test func boxPlotMatchesGolden() throws {
        try Golden.check(Array(figures.boxes.svg().utf8), against: "chart-box.svg")
        #expect(figures.boxes.takeaway.hasPrefix("depin-eu's box (IQR"))
    }

    @Test func smokeMatchesGolden() throws {
        try Golden.check(Array(figures.smoke.svg().utf8), against: "chart-smoke.svg")
    }

    @Test func forestMatchesGolden() throws {
        let chart = try #require(figures.forest)
        try Golden.check(Array(chart.svg().utf8), against: "chart-forest.svg")
        #expect(chart.rows.map(\.label) == ["depin-eu", "DePIN (pooled within-provider)"])
    }

    @Test func throughputMatchesGolden() throws {
        let chart = try #require(figures.throughput)
        try Golden.check(Array(chart.svg().utf8), against: "chart-throughput.svg")
        #expect(chart.bars.first?.point == 1 && chart.bars.first?.lower == nil)
    }

    @Test func provisioningTimelineMatchesGolden() throws {
        let timeline = ProvisioningTimeline(attempts: [
            .init(provider: "cloud-us-east", attempt: 1, stages: [(.accepting, 2), (.starting, 38), (.reaching, 5)], outcome: "ok"),
            .init(provider: "depin-eu", attempt: 1, stages: [(.accepting, 95), (.starting, 140), (.reaching, 22)], outcome: "ok"),
            .init(provider: "depin-eu", attempt: 2, stages: [(.accepting, 60), (.starting, 30)], outcome: "timeout"),
        ])
        let chart = ProvisioningTimelineChart(timeline: timeline)
        try Golden.check(Array(chart.svg().utf8), against: "chart-provisioning.svg")
        #expect(chart.takeaway == "Slowest to become usable: depin-eu at 257 s; fastest: cloud-us-east at 45 s. 1 of 3 attempts failed.")
    }

    @Test func availabilityStripMatchesGolden() throws {
        let strip = AvailabilityStrip(durationS: 600, rows: [
            .init(provider: "cloud-us-east", episodes: [.init(startS: 0, endS: 600, state: .up)], attempts: 3000, failures: 0),
            .init(provider: "depin-eu", episodes: [.init(startS: 0, endS: 200, state: .up), .init(startS: 200, endS: 230, state: .down),
                                                   .init(startS: 230, endS: 400, state: .degraded), .init(startS: 400, endS: 590, state: .up),
                                                   .init(startS: 590, endS: 600, state: .unknown)],
                  attempts: 2950, failures: 190),
        ], source: "heartbeat")
        let chart = AvailabilityStripChart(strip: strip)
        try Golden.check(Array(chart.svg().utf8), against: "chart-availability.svg")
        #expect(chart.takeaway == "depin-eu was down (every attempt failing) for up to 30.0 s at a stretch; 190 of 2950 attempts failed.")
    }

    @Test func availabilityFromSamplesMarksAllFailedSlicesDown() {
        let strip = AvailabilityStrip.fromSamples(Fixtures.runData(), slices: 10)
        let refused = strip.rows[2]
        #expect(refused.failures == 5 && refused.attempts == 5)
        #expect(refused.episodes.first?.state == .down)
        #expect(strip.rows[0].episodes.allSatisfy { $0.state != .down && $0.state != .degraded })
    }

    @Test func everyChartIsAnAccessibleSVGWithMarks() throws {
        let svgs = [figures.cdf.svg(), figures.boxes.svg(), figures.smoke.svg(), try #require(figures.forest).svg(),
                    try #require(figures.throughput).svg()]
        for svg in svgs {
            #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 "))
            #expect(svg.contains("aria-label=\"") && svg.contains("<title>") && svg.contains("<desc>"))
            #expect(svg.contains("<g class=\"marks\">\n<"), "the marks group is not empty")
            #expect(!svg.contains("NaN") && !svg.contains("inf"))
        }
    }

    @Test func smokeBucketsHoldTypeSevenPercentiles() {
        let samples = (0..<20).map { (seconds: Double($0) * 0.5, ms: Double($0 + 1)) }
        let panel = SmokeChart.Panel(name: "p", style: SeriesStyle(colour: "#000", isBaseline: false), samples: samples, durationS: 10, count: 2)
        #expect(panel.buckets.count == 2)
        #expect(panel.buckets[0] == SmokeChart.Bucket(startS: 0, endS: 5, count: 10, p10: 1.9, p25: 3.25, p50: 5.5, p75: 7.75, p90: 9.1))
        #expect(SmokeChart.bucketCount(attempts: 80) == 8 && SmokeChart.bucketCount(attempts: 6000) == 60)
    }

    @Test func boxUsesTukeyFences() throws {
        let box = try #require(BoxPlotChart.Box(name: "b", style: SeriesStyle(colour: "#000", isBaseline: false),
                                                valuesMs: [1, 2, 3, 4, 5, 6, 7, 8, 9, 100]))
        #expect(box.q1 == 3.25 && box.median == 5.5 && box.q3 == 7.75)
        #expect(box.whiskerLow == 1 && box.whiskerHigh == 9 && box.outliers == [100])
    }

    @Test func scalesRoundToOneTwoFiveAndMapLogarithmically() {
        let log = Scale.nice(.log, lower: 33, upper: 171, from: 0, to: 100)
        #expect(log.lower == 20 && log.upper == 200)
        #expect(log.ticks() == [20, 50, 100, 200])
        #expect(abs(log(Double(200).squareRoot() * Double(20).squareRoot()) - 50) < 1e-9)
        let linear = Scale.nice(.linear, lower: 0, upper: 1.3, from: 0, to: 100)
        #expect(linear.upper == 1.5)
        #expect(linear.ticks().map(SVGNumber.label) == ["0", "0.5", "1", "1.5"])
        #expect(SVGNumber.coordinate(12.25) == "12.3" || SVGNumber.coordinate(12.25) == "12.2")
        #expect(SVGNumber.coordinate(3.0) == "3" && SVGNumber.label(0.5) == "0.5" && SVGNumber.label(200) == "200")
    }

    @Test func escapeCoversTextAndAttributes() {
        #expect(HTML.escape("<script>alert('x') & \"y\"</script>") == "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;")
        #expect(HTML.escape("a\u{0}b\u{7}c\td") == "abc\td")
    }
}
