import Foundation
@testable import SondeCore
import SondeStore
@testable import SondeReport
import Testing

/// The decision section from fixed heartbeats and a parsed configuration: a steady cloud with a
/// stated one-hour wait, a DePIN provider interrupted twice in a minute, and the hostile name
/// that never answered (priced, but never up: no verdict).
struct DecisionSectionTests {
    static let config = """
        providers:
          - name: cloud-us-east
            kind: centralized
            endpoint: http://127.0.0.1:1/health
            price: { per_hour: 30, currency: USD }
            wait: 1h
          - name: depin-eu
            kind: depin
            endpoint: http://127.0.0.1:2/health
            price: { per_gpu_hour: 1.10, gpus: 8, currency: USD }
          - name: "evil|<b>name</b>,\\"x\\""
            kind: depin
            endpoint: http://127.0.0.1:3/
            price: { per_hour: 1, currency: USD }
        workloads:
          - { name: train-10m, kind: training, compute: 10m, checkpoint_cost: 2s, restart_cost: 5s }
        """

    static func input(decide: Bool = true) throws -> ReportInput {
        var input = try AvailabilitySectionTests.input()
        if decide {
            let config = try ConfigLoader.parse(config, source: "sonde.yaml")
            input.decide(prices: try ResolvedPrice.resolve(config, catalogs: [:]), config: config, resamples: 400)
        }
        return input
    }

    @Test func ranksByTimeAndCostAndLabelsTheStatedWait() throws {
        let decision = try #require(try Self.input().decision)
        let training = try #require(decision.training.first)
        // depin-eu: 2 interruptions in 54.5 s up (MTBF 27.25 s); checkpoints every Daly interval
        // finish the 10 min job well inside the cloud's stated hour; without them it practically never ends.
        #expect(training.byTime.map(\.provider) == ["depin-eu", "cloud-us-east"])
        #expect(training.withoutCheckpoints.map(\.provider) == ["cloud-us-east", "depin-eu"])
        let cloud = try #require(training.byTime.first { $0.provider == "cloud-us-east" })
        // Never interrupted at the point estimate: the stated hour plus the 600 s job, unprovisioned.
        #expect(cloud.point.timeToResultSeconds == 3600 + 600)
        #expect(cloud.point.cost == 30 * 600 / 3600)
        #expect(decision.notes.contains { $0.contains("was never up while watched") })
        #expect(training.comparisons.contains { $0.measure == .timeToResult && $0.a == "cloud-us-east" && $0.verdict == .worse })
    }

    @Test func appearsInEveryFormat() throws {
        let input = try Self.input()
        let md = String(decoding: MarkdownExporter().export(input), as: UTF8.self)
        #expect(md.contains("## Which provider for this workload"))
        #expect(md.contains("1.0 h (stated)"))
        #expect(md.contains("| 1 | depin-eu |"))
        #expect(md.contains("cloud-us-east vs depin-eu: later, 95% interval"))
        let html = String(decoding: HTMLExporter().export(input), as: UTF8.self)
        #expect(html.contains("<section id=\"decision\">"))
        #expect(!html.contains("<b>name</b>"))
        let csv = String(decoding: CSVExporter().export(input), as: UTF8.self)
        #expect(csv.split(separator: "\n").contains { $0.contains(",decision,time-0,") }, "\(csv.suffix(600))")
        let document = try JSONExporter.decode(JSONExporter().export(input))
        let section = try #require(document.sections?.first { $0.id == "decision" })
        #expect(section.tables.map(\.id) == ["inputs", "time-0", "cost-0", "nocheckpoint-0"])
    }

    /// The stored-run fixture's LLM requests priced: one table per inference workload, the
    /// providers meeting the target share first, and the share and cost figures recomputable
    /// from the stored requests.
    @Test func inferenceWorkloadGetsShareAndCostPerMillionTokens() throws {
        let analysis = try StoredRunFixture.analysis()
        let inference = try #require(analysis.decision?.inference.first)
        #expect(inference.workload.name == "chat")
        #expect(Set(inference.estimates.map(\.provider)) == ["cloud-us-east", "depin-eu"])
        let meeting = inference.estimates.map(\.meetsTarget)
        #expect(meeting == meeting.sorted { $0 && !$1 }, "providers meeting the target come first")
        for e in inference.estimates {
            #expect(e.shareInterval.contains(e.share) || e.shareInterval.lowerBound == e.shareInterval.upperBound)
            // Share from the same requests the LLM section counts: its goodput is that share.
            let row = try #require(analysis.llm?.rows.first { $0.provider.name == e.provider })
            #expect(abs(e.share - (row.goodput ?? -1)) < 1e-12, "\(e.provider): \(e.share) vs LLM goodput \(row.goodput ?? -1)")
        }
        let section = try #require(ReportModel(analysis).sections.first { $0.id == "decision" })
        #expect(section.tables.contains { $0.id == "inference-0" && $0.rows.count == 2 })
    }

    /// The fixture's swept provider, priced: its inference verdict rests on the knee step's 10
    /// requests (step 3 at 4 req/s: TTFT 147 ms meets 250 ms; step 4 at 8 req/s does not), not
    /// on the 50 requests of all five steps, and the table says which.
    @Test func aSweptProviderIsPricedAtItsKnee() throws {
        let store = try SampleStore(path: ":memory:")
        let record = try StoredRunFixture.write(into: store)
        let settings = try StoredSettings.parse(record.info.configText, run: record.info.id)
        var analysis = try RunAnalysis(store.parts(record), settings: settings)
        let config = try #require(settings.config)
        var prices = try ResolvedPrice.resolve(config, catalogs: [:])
        prices.append(ResolvedPrice(provider: "gpu-sweep", perHour: 1, egressPerGiB: 0, currency: prices[0].currency, billingSeconds: 1,
                                    statedWaitSeconds: 0, origin: "config"))
        analysis.decide(prices: prices, config: config, resamples: 50)
        let inference = try #require(analysis.decision?.inference.first)
        #expect(inference.requests["gpu-sweep"] == 10)
        #expect(inference.basis["gpu-sweep"] == "sweep step 3 at 4.00 req/s (highest rate meeting the SLO), 10 requests")
        #expect(inference.basis["depin-eu"]?.hasSuffix("requests pooled") == true)
        let estimate = try #require(inference.estimates.first { $0.provider == "gpu-sweep" })
        #expect(estimate.share == 1 && estimate.meetsTarget)
        let section = try #require(ReportModel(analysis).sections.first { $0.id == "decision" })
        let table = try #require(section.tables.first { $0.id == "inference-0" })
        let column = try #require(table.columns.firstIndex { $0.name == "requests priced" })
        #expect(table.rows.contains { $0[column] == inference.basis["gpu-sweep"] })
    }

    @Test func hugeFiguresAreWrittenCompactly() {
        #expect(DecisionSection.compact(544.2149, digits: 1) == "544.2")
        #expect(DecisionSection.compact(99_999_999.994, digits: 2) == "99999999.99")
        #expect(DecisionSection.compact(3.0322e31, digits: 1) == "3.03e31")
        #expect(DecisionSection.compact(9.996e9, digits: 1) == "1.00e10")
        #expect(DecisionSection.compact(.infinity, digits: 1) == "inf")
        #expect(Double(DecisionSection.compact(1.206e15, digits: 1)) == 1.21e15)
    }

    @Test func absentWithoutPricesOrWorkloads() throws {
        let input = try Self.input(decide: false)
        #expect(input.decision == nil)
        #expect(!ReportModel(input).sections.contains { $0.id == "decision" })
    }
}
