import Foundation
import Testing
@testable import SondeCore

@Suite struct VarianceAnalysisTests {
    /// Log-normal totals around `median` µs with spread `sigma`, from a fixed seed.
    static func series(_ name: String, kind: ProviderKind, region: String, id: Int64, median: Double, sigma: Double,
                       count: Int = 400, seed: UInt64, errors: Int = 0) -> ProviderSeries {
        var rng = SeededGenerator(seed: seed)
        var samples: [Sample] = []
        for i in 0..<count {
            let u1 = Double.random(in: Double.ulpOfOne..<1, using: &rng)
            let u2 = Double.random(in: 0..<1, using: &rng)
            let z = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
            let total = Int64(median * exp(sigma * z))
            let failed = i < errors
            samples.append(Sample(providerID: id, probe: .latency, sequence: Int64(i), intendedNs: Int64(i) * 1_000_000,
                                  startedNs: Int64(i) * 1_000_000, dnsUs: 10, connectUs: 100, ttfbUs: failed ? nil : total - 20,
                                  totalUs: total, bytes: failed ? 0 : 1000, httpStatus: failed ? 503 : 200,
                                  errorClass: failed ? .http5xx : nil))
        }
        return ProviderSeries(provider: Provider(name: name, kind: kind, region: region, endpoint: "http://127.0.0.1/\(name)"),
                              samples: samples)
    }

    static func data() -> RunData {
        let info = RunInfo(id: "r", startedNs: 0, label: nil, vantage: nil, host: nil, sondeVersion: "t", configHash: "h", configText: "")
        return RunData(run: RunRecord(info: info, finishedNs: 1, status: .complete), series: [
            series("cloud", kind: .centralized, region: "us-east", id: 1, median: 40_000, sigma: 0.1, seed: 1),
            series("depin-a", kind: .depin, region: "eu", id: 2, median: 60_000, sigma: 0.2, seed: 2),
            series("depin-b", kind: .depin, region: "eu", id: 3, median: 90_000, sigma: 0.2, seed: 3, errors: 8),
        ])
    }

    @Test func comparesEveryProviderRegionAndTheDePINGroups() throws {
        let data = Self.data()
        let analysis = try VarianceAnalysis(data, latency: LatencyAnalysis(data), options: AnalysisOptions(baseline: "cloud", resamples: 400))
        #expect(analysis.comparisons(.provider).map(\.name) == ["depin-a", "depin-b"])
        #expect(analysis.comparisons(.region).map(\.name) == ["eu"])
        #expect(analysis.comparisons(.region)[0].providers == ["depin-a", "depin-b"])
        let pooled = try #require(analysis.comparisons(.depinPooled).first)
        let mixture = try #require(analysis.comparisons(.depinMixture).first)
        #expect(pooled.count == 400 + 392)
        // Aligning on medians removes the distance between providers. The mixture adds the
        // between-provider variance: medians 60 and 90 ms are ±15 ms from their mean, i.e.
        // 225 ms² over the baseline's (0.1 × 40 ms)² = 16 ms², about 14 more.
        let between = mixture.spread.varianceRatio.point - pooled.spread.varianceRatio.point
        #expect(between > 10 && between < 18, "between-provider part \(between)")
        // depin-a's variance: sigma 0.2 at median 60 ms vs sigma 0.1 at 40 ms is about (1.5 × 2)² ≈ 9.
        let a = analysis.comparisons(.provider)[0]
        #expect(a.spread.varianceRatio.point > 5 && a.spread.varianceRatio.point < 15)
        #expect(a.spread.varianceRatio.contains(9.3))
        #expect(a.spread.brownForsythePValue < 0.001)
        // Throughput is bytes over total time; depin-a is 1.5x slower at equal bytes.
        let throughput = try #require(a.throughputRatio)
        #expect(abs(throughput.point - 40.0 / 60.0) < 0.05)
    }

    @Test func theHeadlineQuotesThePooledComparison() throws {
        let data = Self.data()
        let analysis = try VarianceAnalysis(data, latency: LatencyAnalysis(data), options: AnalysisOptions(baseline: "cloud", resamples: 400))
        let pooled = analysis.comparisons(.depinPooled)[0].spread.varianceRatio
        #expect(analysis.headline.hasPrefix("DePIN latency variance is \(Format.times(pooled.point))x the centralized baseline cloud "))
        #expect(analysis.headline.contains("(95% CI \(Format.times(pooled.lower))–\(Format.times(pooled.upper))x; Brown–Forsythe p < 0.001)"))
        #expect(analysis.headline.contains("throughput"))
    }

    @Test func theSameDataAndSeedGiveTheSameIntervals() throws {
        let data = Self.data()
        let options = AnalysisOptions(baseline: "cloud", resamples: 300, seed: 9)
        let first = try VarianceAnalysis(data, latency: LatencyAnalysis(data), options: options)
        let second = try VarianceAnalysis(data, latency: LatencyAnalysis(data), options: options)
        #expect(first == second)
    }

    @Test func verdictsFollowTheLimits() throws {
        let data = Self.data()
        let options = AnalysisOptions(baseline: "cloud", resamples: 200, inferenceSloP99Us: 80_000, maxErrorRate: 0.01)
        let analysis = try VarianceAnalysis(data, latency: LatencyAnalysis(data), options: options)
        func verdict(_ provider: String, _ workload: WorkloadVerdict.Workload) -> WorkloadVerdict? {
            analysis.verdicts.first { $0.provider == provider && $0.workload == workload }
        }
        #expect(verdict("cloud", .inference)?.fits == true)
        #expect(verdict("depin-a", .inference)?.fits == false)   // p99 ≈ 60 ms × e^(0.2×2.33) ≈ 96 ms > 80 ms
        #expect(verdict("depin-a", .inference)?.reason.hasPrefix("p99 ") == true)
        #expect(verdict("depin-b", .inference)?.reason.contains("errors 2.0%") == true)
        #expect(verdict("depin-a", .training)?.fits == false)     // throughput ≈ 0.67x < 0.8x
    }

    @Test func anUnknownBaselineIsNamed() {
        let data = Self.data()
        #expect(throws: VarianceAnalysis.Problem(description: "baseline 'aws' is not a provider of this run (providers: cloud, depin-a, depin-b)")) {
            try VarianceAnalysis(data, latency: LatencyAnalysis(data), options: AnalysisOptions(baseline: "aws"))
        }
    }

    @Test func phaseSpreadsSayWhichPhaseCarriesTheVariance() throws {
        let data = Self.data()
        let analysis = try VarianceAnalysis(data, latency: LatencyAnalysis(data), options: AnalysisOptions(baseline: "cloud", resamples: 100))
        let firstByte = try #require(analysis.phases.first { $0.provider == "depin-a" && $0.phase == .firstByte })
        #expect(firstByte.share > 0.99)
        #expect(analysis.phases.first { $0.provider == "cloud" && $0.phase == .firstByte }?.ratioToBaseline == 1)
    }

    @Test func formatsNumbersWithoutLocale() {
        #expect(Format.fixed(5.349, 1) == "5.3")
        #expect(Format.fixed(-0.04, 1) == "0.0")
        // One formatter for every format (NumberFormat): C printf rounding, so an exact binary tie
        // goes to even, as the exporters always wrote it (12.5 -> "12", 13.5 -> "14").
        #expect(Format.fixed(12.5, 0) == "12")
        #expect(Format.fixed(13.5, 0) == "14")
        #expect(Format.fixed(12.51, 0) == "13")
        #expect(Format.fixed(0.05, 2) == "0.05")
        #expect(Format.pValue(0.0004) == "p < 0.001")
        #expect(Format.pValue(0.0123) == "p = 0.012")
    }
}
