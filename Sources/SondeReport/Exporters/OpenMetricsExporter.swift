import Foundation
import SondeCore

/// A run's summary as OpenMetrics text (https://prometheus.io/docs/specs/om/open_metrics_spec/),
/// without timestamps, under the names `sonde schedule` serves live (SondeMetrics'
/// `PrometheusMetrics`, docs/schedule.md), so one dashboard reads both:
/// `sonde_info{vantage,version}`, `sonde_probe_attempts_total{provider,kind,probe,outcome}` for
/// every probe kind, and `sonde_phase_duration_seconds{provider,kind,probe,phase}` — a histogram
/// with the live buckets, built from the latency probe's stored successful attempts. Carries no
/// report sections; statistics with intervals are in the other formats.
public struct OpenMetricsExporter: Exporter {
    /// An exporter; it has no options.
    public init() {}

    /// The live histogram's bucket bounds in seconds (`PrometheusMetrics.latencyBuckets`, which
    /// SondeReport cannot import: SondeMetrics depends on swift-prometheus, the report does not).
    static let latencyBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                           1, 2.5, 5, 10, 30, 60]

    /// The exposition, ending in `# EOF`.
    public func export(_ input: ReportInput) -> [UInt8] {
        var text = ""
        text += "# TYPE sonde_info gauge\n# HELP sonde_info Always 1; labels name this sonde's vantage point and version.\n"
        text += "sonde_info\(Self.labels([("vantage", input.latency.run.vantage ?? ""), ("version", SondeVersion.current)])) 1\n"

        text += "# TYPE sonde_probe_attempts counter\n"
        text += "# HELP sonde_probe_attempts Probe attempts by provider, probe and outcome (ok or the error class).\n"
        let kinds: [(ProbeKind, LatencyAnalysis)] = [(.latency, input.latency)]
            + input.attempts.sorted { $0.key.rawValue < $1.key.rawValue }.map { ($0.key, $0.value) }
        for (kind, analysis) in kinds {
            for provider in analysis.providers where provider.attempts > 0 {
                let base = Self.providerLabels(provider.provider) + [("probe", kind.rawValue)]
                text += "sonde_probe_attempts_total\(Self.labels(base + [("outcome", "ok")])) \(provider.successes)\n"
                for error in provider.errors {
                    text += "sonde_probe_attempts_total\(Self.labels(base + [("outcome", error.errorClass.rawValue)])) \(error.count)\n"
                }
            }
        }

        text += "# TYPE sonde_phase_duration_seconds histogram\n# UNIT sonde_phase_duration_seconds seconds\n"
        text += "# HELP sonde_phase_duration_seconds Duration of each phase of successful attempts (dns, connect, tls, first_byte, transfer, total).\n"
        for series in input.data.series {
            let successes = series.samples.filter(\.succeeded)
            for phase in Phase.allCases {
                let seconds = successes.compactMap { phase.durationUs(of: $0).map { Double($0) / 1e6 } }
                guard !seconds.isEmpty else { continue }
                let base = Self.providerLabels(series.provider) + [("probe", ProbeKind.latency.rawValue), ("phase", phase.rawValue)]
                for bound in Self.latencyBuckets {
                    let below = seconds.reduce(0) { $0 + ($1 <= bound ? 1 : 0) }
                    text += "sonde_phase_duration_seconds_bucket\(Self.labels(base + [("le", Self.number(bound))])) \(below)\n"
                }
                text += "sonde_phase_duration_seconds_bucket\(Self.labels(base + [("le", "+Inf")])) \(seconds.count)\n"
                text += "sonde_phase_duration_seconds_count\(Self.labels(base)) \(seconds.count)\n"
                text += "sonde_phase_duration_seconds_sum\(Self.labels(base)) \(Self.number(seconds.reduce(0, +)))\n"
            }
        }
        text += "# EOF\n"
        return Array(text.utf8)
    }

    static func providerLabels(_ provider: Provider) -> [(String, String)] {
        [("provider", provider.name), ("kind", provider.kind.rawValue)]
    }

    /// `{a="x",b="y"}` with values escaped as the specification asks (backslash, quote, newline).
    static func labels(_ pairs: [(String, String)]) -> String {
        let inner = pairs.map { name, value in
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            return "\(name)=\"\(escaped)\""
        }
        return "{" + inner.joined(separator: ",") + "}"
    }

    /// A float as OpenMetrics reads it: Swift's shortest round-trip form (`0.0005`, `1.0`).
    static func number(_ value: Double) -> String { "\(value)" }
}
