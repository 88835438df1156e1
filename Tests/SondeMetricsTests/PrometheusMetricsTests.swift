import Foundation
import Testing
import SondeCore
@testable import SondeMetrics

struct PrometheusMetricsTests {
    static let cloud = Provider(name: "aws-us-east-1", kind: .centralized, region: "us-east-1", endpoint: "http://127.0.0.1:1/")
    static let depin = Provider(name: "akash \"eu\"", kind: .depin, region: "eu", endpoint: "http://127.0.0.1:2/")

    static func latency(_ sequence: Int64, totalUs: Int64, error: ErrorClass? = nil) -> Sample {
        Sample(providerID: 1, probe: .latency, sequence: sequence, intendedNs: 0, startedNs: 0,
               connectUs: error == .refused ? nil : 100, ttfbUs: error == nil ? totalUs - 50 : nil,
               totalUs: error == nil ? totalUs : nil, bytes: 2, httpStatus: error == nil ? 200 : nil, errorClass: error)
    }

    /// A populated registry: latency samples, errors, a download and an upload, a finished run,
    /// provisioning and availability events.
    static func populated() -> PrometheusMetrics {
        let metrics = PrometheusMetrics(vantage: "berlin", version: "0.1.0")
        metrics.record(.runStarted(startedNs: 1_000_000_000))
        for (i, total) in [800, 3_000, 40_000].enumerated() {
            metrics.record(.sample(latency(Int64(i), totalUs: Int64(total)), provider: cloud))
        }
        metrics.record(.sample(latency(3, totalUs: 0, error: .refused), provider: depin))
        metrics.record(.sample(latency(4, totalUs: 0, error: .refused), provider: depin))
        var download = Sample(providerID: 1, probe: .bandwidth, sequence: 0, intendedNs: 0, startedNs: 0,
                              connectUs: 100, ttfbUs: 1_000, totalUs: 2_001_000, bytes: 64 << 20, httpStatus: 200)
        metrics.record(.sample(download, provider: cloud))
        download.uploadBytes = 8 << 20
        download.bytes = 0
        download.sequence = 1
        metrics.record(.sample(download, provider: cloud))
        metrics.record(.runFinished(status: .complete, startedNs: 1_000_000_000, finishedNs: 4_500_000_000))
        metrics.record(.startsSkipped(2))
        metrics.record(.provisioned(provider: depin, phase: "reachable", duration: .seconds(95)))
        metrics.record(.availability(provider: depin, ratio: 0.97))
        metrics.record(.interruption(provider: depin))
        return metrics
    }

    static func lines(_ metrics: PrometheusMetrics) -> Set<String> {
        Set(String(decoding: metrics.exposition(), as: UTF8.self).split(separator: "\n").map(String.init))
    }

    @Test func seriesCarryTheMeasuredValues() {
        let lines = Self.lines(Self.populated())
        let cloud = #"provider="aws-us-east-1",kind="centralized""#
        for expected in [
            #"sonde_info{vantage="berlin",version="0.1.0"} 1.0"#,
            #"sonde_runs_total{status="complete"} 1"#,
            #"sonde_runs_total{status="interrupted"} 0"#,
            "sonde_scheduled_starts_skipped_total 2",
            "sonde_run_in_progress 0.0",
            "sonde_last_run_finished_timestamp_seconds 4.5",
            "sonde_last_run_duration_seconds 3.5",
            #"sonde_probe_attempts_total{\#(cloud),probe="latency",outcome="ok"} 3"#,
            #"sonde_probe_attempts_total{provider="akash \"eu\"",kind="depin",probe="latency",outcome="refused"} 2"#,
            // 0.8 ms, 3 ms and 40 ms totals: one at or under 1 ms, two under 5 ms, all three under 50 ms.
            #"sonde_phase_duration_seconds_bucket{\#(cloud),probe="latency",phase="total",le="0.001"} 1"#,
            #"sonde_phase_duration_seconds_bucket{\#(cloud),probe="latency",phase="total",le="0.005"} 2"#,
            #"sonde_phase_duration_seconds_bucket{\#(cloud),probe="latency",phase="total",le="0.025"} 2"#,
            #"sonde_phase_duration_seconds_bucket{\#(cloud),probe="latency",phase="total",le="0.05"} 3"#,
            #"sonde_phase_duration_seconds_count{\#(cloud),probe="latency",phase="total"} 3"#,
            // 64 MiB over the 2 s after the first byte; 8 MiB over the 2.0009 s after connecting.
            #"sonde_bandwidth_bytes_per_second{\#(cloud),direction="download"} 33554432.0"#,
            #"sonde_bandwidth_transferred_bytes_total{\#(cloud),direction="upload"} 8388608"#,
            #"sonde_provision_phase_duration_seconds_bucket{provider="akash \"eu\"",kind="depin",phase="reachable",le="60.0"} 0"#,
            #"sonde_provision_phase_duration_seconds_bucket{provider="akash \"eu\"",kind="depin",phase="reachable",le="120.0"} 1"#,
            #"sonde_availability_ratio{provider="akash \"eu\"",kind="depin"} 0.97"#,
            #"sonde_interruptions_total{provider="akash \"eu\"",kind="depin"} 1"#,
        ] {
            #expect(lines.contains(expected), "missing: \(expected)")
        }
        // Failed attempts have no latency.
        #expect(!lines.contains { $0.hasPrefix("sonde_phase_duration_seconds") && $0.contains("akash") })
        let upload = lines.first { $0.hasPrefix(#"sonde_bandwidth_bytes_per_second{\#(cloud),direction="upload"}"#) }
        let rate = upload.flatMap { Double($0.split(separator: " ").last!) } ?? 0
        #expect(abs(rate - 8_388_608 / 2.0009) < 1, "\(upload ?? "no upload series")")
    }

    @Test func anUnsuccessfulTransferSetsNoBandwidth() {
        let failed = Sample(providerID: 1, probe: .bandwidth, sequence: 0, intendedNs: 0, startedNs: 0,
                            connectUs: 100, bytes: 10, errorClass: .timeout)
        let metrics = PrometheusMetrics(vantage: nil, version: "0.1.0")
        metrics.record(.sample(failed, provider: Self.cloud))
        #expect(!Self.lines(metrics).contains { $0.hasPrefix("sonde_bandwidth") })
    }

    /// `promtool check metrics` (Debian's prometheus package) accepts the exposition and rejects
    /// a broken one, so the check can fail.
    @Test func promtoolAcceptsTheExpositionAndRejectsABrokenOne() throws {
        let text = String(decoding: Self.populated().exposition(), as: UTF8.self)
        let good = try Promtool.checkMetrics(text)
        #expect(good.status == 0, "\(good.output)")
        let broken = text.replacingOccurrences(of: #"{status="complete"}"#, with: #"{status="complete""#)
        let bad = try Promtool.checkMetrics(broken)
        #expect(bad.status != 0)
        // A counter without `_total` fails the lint, too.
        let unsuffixed = try Promtool.checkMetrics("# HELP sonde_runs Runs.\n# TYPE sonde_runs counter\nsonde_runs 1\n")
        #expect(unsuffixed.status != 0, "\(unsuffixed.output)")
    }

    @Test func theServerServesTheExpositionOnLoopback() async throws {
        let metrics = Self.populated()
        let server = try await MetricsServer.start(bind: "127.0.0.1", port: 0, exposition: { metrics.exposition() })
        #expect(server.port != 0)
        let fetched = try await Promtool.fetch(server.url)
        await server.stop()
        #expect(fetched.contains("Content-Type: \(MetricsServer.contentType)"), "\(fetched.prefix(300))")
        #expect(fetched.contains(#"sonde_runs_total{status="complete"} 1"#))
    }

    @Test func aTakenPortIsAnErrorNamingIt() async throws {
        let first = try await MetricsServer.start(bind: "127.0.0.1", port: 0, exposition: { [] })
        await #expect(throws: MetricsServerError.self) {
            _ = try await MetricsServer.start(bind: "127.0.0.1", port: first.port, exposition: { [] })
        }
        await first.stop()
    }
}
