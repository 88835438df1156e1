import Testing
import SondeCore
import SondeEmulator
@testable import SondeProbes

@Suite(.serialized) struct BandwidthProbeTests {
    static let mib = 1024.0 * 1024.0

    func target(_ id: Int64, _ endpoint: String, timeout: Duration = .seconds(10)) -> BandwidthPlan.Target {
        let url = RequestTarget.url(endpoint, path: "/blob/4MiB")
        return BandwidthPlan.Target(target: RequestTarget(providerID: id, name: "p\(id)", url: url, headers: [],
                                                          timeout: timeout, verifyTLS: true),
                                    uploadURL: RequestTarget.url(endpoint, path: "/upload"))
    }

    @Test func aKnownBandwidthIsMeasuredWithinTenPercent() async throws {
        let spec = try FleetSpec.parse(yaml: """
            providers:
              - { name: a, kind: centralized, region: r, latency: { median: 20ms, sigma: 0.1 }, bandwidth: { rate: 20MiB/s } }
              - { name: b, kind: depin, region: r, latency: { median: 5ms, sigma: 0.1 }, bandwidth: { rate: 80Mbit/s } }
            """, source: "t")
        let fleet = try await EmulatedFleet.start(spec)
        let plan = BandwidthPlan(targets: [target(1, fleet.endpoints[0].url), target(2, fleet.endpoints[1].url)],
                                 repeats: 3, uploadBytes: 4 * 1024 * 1024)
        let sink = CollectingSink()
        let outcome = await BandwidthProbe(plan: plan).run(ProbeContext(timeBase: TimeBase(), sink: sink)).ending
        await fleet.stop()
        #expect(outcome == .complete)
        #expect(sink.all.count == 12)
        let classes = sink.all.map(\.errorClass)
        #expect(sink.all.allSatisfy { $0.succeeded }, "\(classes)")
        for (id, expected) in [(Int64(1), 20 * Self.mib), (2, 80e6 / 8)] {
            let mine = sink.all.filter { $0.providerID == id }
            let downloads = mine.filter { $0.uploadBytes == nil }
            let uploads = mine.filter { $0.uploadBytes != nil }
            #expect(downloads.count == 3 && uploads.count == 3)
            #expect(downloads.allSatisfy { $0.bytes == 4 * 1024 * 1024 })
            #expect(Set(mine.map(\.sequence)) == Set(0..<6))
            for sample in mine {
                let rate = try #require(ThroughputAnalysis.rate(of: sample))
                #expect(abs(rate / expected - 1) < 0.10, "provider \(id) upload=\(sample.uploadBytes != nil): \(rate / Self.mib) MiB/s")
            }
        }
        // Time to first byte carries the latency model (20 ms), kept apart from the rate.
        let ttfb = sink.all.filter { $0.providerID == 1 && $0.uploadBytes == nil }.compactMap(\.ttfbUs)
        #expect(ttfb.allSatisfy { $0 >= 15_000 && $0 < 200_000 })
    }

    @Test func aStalledProviderTimesOutWithoutHoldingAnother() async throws {
        let spec = try FleetSpec.parse(yaml: """
            providers:
              - { name: a, kind: centralized, region: r, latency: { median: 1ms, sigma: 0.1 }, bandwidth: { rate: 40MiB/s } }
              - { name: s, kind: depin, region: r, latency: { median: 1ms, sigma: 0.1 }, fault: stall }
            """, source: "t")
        let fleet = try await EmulatedFleet.start(spec)
        let plan = BandwidthPlan(targets: [target(1, fleet.endpoints[0].url, timeout: .seconds(5)),
                                           target(2, fleet.endpoints[1].url, timeout: .milliseconds(1500))],
                                 repeats: 2, uploadBytes: nil)
        let sink = CollectingSink()
        let clock = ContinuousClock.now
        _ = await BandwidthProbe(plan: plan).run(ProbeContext(timeBase: TimeBase(), sink: sink))
        await fleet.stop()
        let healthy = sink.all.filter { $0.providerID == 1 }
        let stalled = sink.all.filter { $0.providerID == 2 }
        #expect(healthy.count == 2 && healthy.allSatisfy { $0.succeeded })
        #expect(stalled.count == 2 && stalled.allSatisfy { $0.errorClass == .timeout })
        // The healthy provider finished long before the stalled one's two timeouts.
        let healthyEnd = healthy.map { $0.startedNs + ($0.totalUs ?? 0) * 1000 }.max()!
        let stalledEnd = stalled.map { $0.startedNs + ($0.totalUs ?? 0) * 1000 }.max()!
        #expect(stalledEnd - healthyEnd > 2_000_000_000)
        #expect(ContinuousClock.now - clock < .seconds(10))
    }
}
