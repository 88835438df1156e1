import Foundation
import Testing
import SondeCore
@testable import SondeMetrics
@testable import SondeReport

/// `sonde report --format openmetrics` speaks the live exposition's names: the same latency
/// samples recorded live by `PrometheusMetrics` and exported from a stored run give the same
/// attempt counters and phase histograms — every series (name and labels) and every value.
struct OpenMetricsNamesTests {
    /// `name{labels} value` lines of the attempt and phase series, label order normalised.
    static func series(_ text: String) -> [String: Double] {
        var found: [String: Double] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("sonde_probe_attempts_total{") || line.hasPrefix("sonde_phase_duration_seconds_") {
            guard let open = line.firstIndex(of: "{"), let close = line.lastIndex(of: "}"),
                  let value = Double(line[line.index(after: close)...].trimmingCharacters(in: .whitespaces)) else { continue }
            let labels = line[line.index(after: open)..<close].split(separator: ",").map { pair -> String in
                // Bucket bounds compare as numbers (one side may write 1.0, the other 1).
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts[0] == "le", let bound = Double(parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))) {
                    return "le=\(bound)"
                }
                return String(pair)
            }.sorted().joined(separator: ",")
            found["\(line[..<open]){\(labels)}"] = value
        }
        return found
    }

    @Test func exportMatchesLiveExposition() throws {
        let live = PrometheusMetrics(vantage: nil, version: SondeVersion.current)
        let provider = PrometheusMetricsTests.cloud
        var samples: [Sample] = []
        for (i, total) in [800, 3_000, 40_000, 700_000].enumerated() {
            samples.append(PrometheusMetricsTests.latency(Int64(i), totalUs: Int64(total)))
        }
        samples.append(PrometheusMetricsTests.latency(9, totalUs: 0, error: .refused))
        for sample in samples { live.record(.sample(sample, provider: provider)) }

        let info = RunInfo(id: "r1", startedNs: 0, label: nil, vantage: nil, host: nil, sondeVersion: SondeVersion.current,
                           configHash: "", configText: "")
        let data = RunData(run: RunRecord(info: info, finishedNs: 1, status: .complete),
                           series: [ProviderSeries(provider: provider, samples: samples)])
        let exported = Self.series(String(decoding: OpenMetricsExporter().export(try RunAnalysis(data: data)), as: UTF8.self))
        let exposed = Self.series(String(decoding: live.exposition(), as: UTF8.self))
        #expect(!exported.isEmpty)
        #expect(exported == exposed)
        #expect(OpenMetricsExporter.latencyBuckets == PrometheusMetrics.latencyBuckets)
    }
}
