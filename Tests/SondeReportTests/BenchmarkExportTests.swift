import Foundation
import Testing
import SondeCore
@testable import SondeReport

/// `--format bmf` and `--format gab` of a stored run: every provider's quantiles are the type-7
/// quantiles of its successful total times, inside order-statistic bounds taken from those
/// times; the documents validate with PyPI `jsonschema` against docs/schemas/, which reject
/// every known-bad document under Tests/Fixtures/export-bad/.
@Suite struct BenchmarkExportTests {
    /// Successful total times in ms, sorted, per provider, from the analysis' raw samples.
    static func totals(_ analysis: RunAnalysis) -> [String: [Double]] {
        Dictionary(uniqueKeysWithValues: analysis.data.series.map { series in
            (series.provider.name, series.samples.compactMap { $0.succeeded ? $0.totalUs.map { Double($0) / 1000 } : nil }.sorted())
        })
    }

    /// Equal up to JSON's decimal round trip (Foundation may print 31.548569999999998 as 31.54857).
    static func same(_ written: Double?, _ value: Double) -> Bool {
        guard let written else { return false }
        return abs(written - value) <= 1e-12 * max(1, abs(value))
    }

    @Test func bmfCarriesQuantilesWithOrderStatisticBounds() throws {
        let analysis = try StoredRunFixture.analysis()
        let document = try #require(try JSONSerialization.jsonObject(with: Data(BMFExporter().export(analysis))) as? [String: [String: [String: Double]]])
        let totals = Self.totals(analysis)
        #expect(!totals.isEmpty)
        for (provider, sorted) in totals where !sorted.isEmpty {
            let latency = try #require(document["\(provider)/latency"], "no latency benchmark for \(provider)")
            for (slug, p) in [("latency-p50", 0.5), ("latency-p90", 0.9), ("latency-p99", 0.99)] {
                let metric = try #require(latency[slug])
                let interval = try #require(OrderStatisticInterval(count: sorted.count, p: p))
                #expect(Self.same(metric["value"], Quantile.ofSorted(sorted, p)))
                #expect(metric["lower_value"] == sorted[interval.lowerRank - 1])
                #expect(metric["upper_value"] == sorted[interval.upperRank - 1])
            }
            let errors = try #require(document["\(provider)/errors"]?["error-rate"])
            let series = try #require(analysis.data.series.first { $0.provider.name == provider })
            #expect(errors["value"] == Double(series.samples.count - sorted.count) / Double(series.samples.count))
        }
    }

    @Test func gabNamesProviderAndMeasureWithRangeAndInterval() throws {
        let analysis = try StoredRunFixture.analysis()
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(GABExporter().export(analysis))) as? [[String: Any]])
        let (provider, sorted) = try #require(Self.totals(analysis).first { !$0.value.isEmpty })
        let p99 = try #require(entries.first { $0["name"] as? String == "\(provider) latency-p99" })
        #expect(p99["unit"] as? String == "ms")
        #expect(Self.same(p99["value"] as? Double, Quantile.ofSorted(sorted, 0.99)))
        #expect((p99["range"] as? String)?.hasPrefix("±") == true)
        #expect((p99["extra"] as? String)?.contains("95% interval [") == true)
    }

    @Test(arguments: ["bmf", "gab"]) func validatesAgainstSchemaThatRejectsKnownBadDocuments(_ format: String) throws {
        guard let python = ExternalTool.find("python3"), !ExternalTool.missing("python3 jsonschema", ExternalTool.pythonHas("jsonschema")) else { return }
        let analysis = try StoredRunFixture.analysis()
        let bytes = format == "bmf" ? BMFExporter().export(analysis) : GABExporter().export(analysis)
        let file = try ExternalTool.temporaryFile("report.\(format).json", bytes)
        let root = ExternalTool.root.path
        let outcome = try ExternalTool.run(python, ["\(root)/scripts/validate-export.py", format, file,
                                                    "--bad", "\(root)/Tests/Fixtures/export-bad"])
        #expect(outcome.status == 0, "\(outcome.output)\(outcome.errors)")
    }
}
