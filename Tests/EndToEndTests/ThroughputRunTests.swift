import Foundation
import Testing
import SondeCore
import SondeEmulator
import SondeStore

/// `sonde run` with the bandwidth and load probes against the emulator, then `sonde report`.
@Suite(.serialized) struct ThroughputRunTests {
    @Test func bandwidthAndLoadAreStoredAndReported() async throws {
        let spec = try FleetSpec.parse(yaml: """
            seed: 5
            providers:
              - { name: cloud, kind: centralized, region: us, latency: { median: 3ms, sigma: 0.1 }, bandwidth: { rate: 30MiB/s } }
              - { name: depin, kind: depin, region: eu, latency: { median: 6ms, sigma: 0.1 }, bandwidth: { rate: 240Mbit/s } }
            """, source: "fleet.yaml")
        let fleet = try await EmulatedFleet.start(spec)
        let dir = try temporaryDirectory()
        let config = fleet.providersYAML() + """

            probes:
              bandwidth: { path: /blob/6MiB, repeats: 3, upload: 6MiB, timeout: 10s }
              load: { rate: 80/s, duration: 2s, connections: 4, arrivals: poisson, store_cap: 100 }

            """
        try config.write(to: dir.appendingPathComponent("sonde.yaml"), atomically: true, encoding: .utf8)
        let result = try await SondeBinary.run(["run", "-c", "sonde.yaml", "--db", "run.db", "--label", "tp"], in: dir)
        await fleet.stop()
        #expect(result.status == 0, "\(result.stderr)")

        let store = try SampleStore(path: dir.appendingPathComponent("run.db").path, create: false)
        let run = try store.run(.label("tp"))
        #expect(run.status == .complete)
        #expect(try store.appliedMigrations().starts(with: [1, 2]))
        // Only the configured probes ran: no latency samples.
        #expect(try store.load(run).series.isEmpty)
        let bandwidth = try store.loadBandwidth(run)
        #expect(bandwidth.map(\.samples.count) == [6, 6])
        let analysis = ThroughputAnalysis(bandwidth)
        for row in analysis.rows {
            let expected = row.provider.name == "cloud" ? 30 * 1_048_576.0 : 30e6
            #expect(abs(row.meanRate! / expected - 1) < 0.1, "\(row.provider.name) \(row.direction): \(row.meanRate!)")
        }
        let intervals = try store.loadIntervals(run)
        #expect(intervals.count == 2)
        let load = LoadAnalysis(intervals, targetRate: 80)
        for row in load.rows {
            // Poisson arrivals at 80/s for 2 s: 160 due, sd 13.
            #expect(row.due > 100 && row.due < 220, "\(row.provider.name): \(row.due) due")
            #expect(row.errorCount == 0)
            #expect(row.ok == row.sent && row.ok > 0, "\(row.provider.name): \(row.ok) ok of \(row.sent) sent, \(row.due) due")
            #expect(row.uncorrected.count == row.ok && row.corrected.quantile(0.5)! >= row.uncorrected.quantile(0.5)!)
        }
        let loadRows = load.rows.reduce(0) { $0 + min(100, $1.ok + $1.errorCount) }
        #expect(try store.sampleCount(run) == 12 + loadRows, "bandwidth rows plus two load series capped at 100")

        let report = try await SondeBinary.run(["report", "--db", "run.db", "--last"], in: dir)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("## Throughput"))
        #expect(report.stdout.contains("| cloud | download | 6.0 MiB | 3 | 0 |"))
        #expect(report.stdout.contains("## Latency under load"))
        #expect(report.stdout.contains("| depin | corrected |"))
        #expect(report.stdout.contains("| 80.0 |"))
    }
}
