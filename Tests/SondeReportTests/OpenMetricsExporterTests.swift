import Foundation
import SondeTestSupport
import Testing
import SondeCore
@testable import SondeReport

/// `--format openmetrics`: the export parses with prometheus_client's strict OpenMetrics parser,
/// `promtool check metrics` finds nothing but the one known OpenMetrics/0.0.4 difference, and the
/// text pushed for real to Debian's `prometheus-pushgateway` on loopback is scraped back with every
/// sample's value.
@Suite(.serialized) struct OpenMetricsExporterTests {
    @Test func countsAndHistogramsMatchTheStoredRun() throws {
        let analysis = try StoredRunFixture.analysis()
        let text = String(decoding: OpenMetricsExporter().export(analysis), as: UTF8.self)
        #expect(text.hasSuffix("# EOF\n"))
        for provider in analysis.latency.providers {
            let labels = "provider=\"\(provider.provider.name)\",kind=\"\(provider.provider.kind.rawValue)\",probe=\"latency\""
            #expect(text.contains("sonde_probe_attempts_total{\(labels),outcome=\"ok\"} \(provider.successes)\n"))
            guard let total = provider.total else { continue }
            #expect(text.contains("sonde_phase_duration_seconds_count{\(labels),phase=\"total\"} \(total.count)\n"))
            #expect(text.contains("sonde_phase_duration_seconds_bucket{\(labels),phase=\"total\",le=\"+Inf\"} \(total.count)\n"))
        }
        // Label values are escaped as the specification asks.
        #expect(OpenMetricsExporter.labels([("provider", "a\"b\\c\nd")]) == "{provider=\"a\\\"b\\\\c\\nd\"}")
    }

    @Test func parsesAsOpenMetricsAndPassesPromtool() throws {
        guard let python = ExternalTool.find("python3"),
              !ExternalTool.missing("python3 prometheus_client", ExternalTool.pythonHas("prometheus_client")) else { return }
        let bytes = OpenMetricsExporter().export(try StoredRunFixture.analysis())
        let file = try ExternalTool.temporaryFile("report.om", bytes)
        let checked = try ExternalTool.run(python, ["\(ExternalTool.root.path)/scripts/check-openmetrics.py", file])
        #expect(checked.status == 0, "\(checked.output)\(checked.errors)")

        guard let promtool = ExternalTool.find("promtool") else {
            _ = ExternalTool.missing("promtool", false)
            return
        }
        // promtool (2.42) reads the 0.0.4 text format, where an OpenMetrics counter's `_total`
        // sample is a separate, untyped family without help: that is its only allowed finding.
        let linted = try ExternalTool.run(promtool, ["check", "metrics"], input: bytes)
        let findings = (linted.output + linted.errors).split(separator: "\n").map(String.init)
        #expect(findings == ["sonde_probe_attempts_total no help text"], "\(findings)")
    }

    @Test func pushedToPushgatewayIsScrapedBack() async throws {
        guard let python = ExternalTool.find("python3"),
              !ExternalTool.missing("python3 prometheus_client", ExternalTool.pythonHas("prometheus_client")) else { return }
        let gateway = ExternalTool.find("prometheus-pushgateway") ?? ExternalTool.find("pushgateway")
        guard let gateway, let curl = ExternalTool.find("curl") else {
            _ = ExternalTool.missing("prometheus-pushgateway and curl", false)
            return
        }
        let bytes = OpenMetricsExporter().export(try StoredRunFixture.analysis())
        let file = try ExternalTool.temporaryFile("report.om", bytes)
        let directory = URL(fileURLWithPath: file).deletingLastPathComponent().path

        let port = try TestProcess.freeLoopbackPort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: gateway)
        process.arguments = ["--web.listen-address=127.0.0.1:\(port)", "--log.level=warn"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let base = "http://127.0.0.1:\(port)"
        var ready = false
        for _ in 0..<100 where !ready {
            ready = try ExternalTool.run(curl, ["-sf", "\(base)/-/ready"]).status == 0
            if !ready { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(ready, "pushgateway did not become ready on port \(port)")
        let pushed = try ExternalTool.run(curl, ["-sS", "-f", "--data-binary", "@\(file)", "\(base)/metrics/job/sonde"])
        #expect(pushed.status == 0, "\(pushed.output)\(pushed.errors)")
        let scraped = try ExternalTool.run(curl, ["-sS", "-f", "-o", "\(directory)/scraped.txt", "\(base)/metrics"])
        #expect(scraped.status == 0, "\(scraped.errors)")
        let compared = try ExternalTool.run(python, ["\(ExternalTool.root.path)/scripts/check-openmetrics.py", file, "\(directory)/scraped.txt"])
        #expect(compared.status == 0, "\(compared.output)\(compared.errors)")
    }
}
