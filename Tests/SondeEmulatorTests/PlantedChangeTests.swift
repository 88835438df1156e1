import Foundation
import SondeCore
@testable import SondeEmulator
import Testing

/// The `change` key: a planted change of a provider's latency model at a known time, for
/// change-point and history tests that need to know the truth.
@Suite struct PlantedChangeTests {
    static let fleet = """
        seed: 5
        providers:
          - name: p
            kind: depin
            region: r
            latency: { median: 40ms, sigma: 0.2 }
            change: { after: 200s, median_factor: 1.5 }
        """

    static func model(_ yaml: String = fleet) throws -> LatencyModel {
        let spec = try FleetSpec.parse(yaml: yaml, source: "fleet.yaml")
        return LatencyModel(spec.providers[0], fleetSeed: spec.seed)
    }

    @Test func fleetFilesDeclareAChange() throws {
        let spec = try FleetSpec.parse(yaml: Self.fleet, source: "fleet.yaml")
        #expect(spec.providers[0].change == .init(after: .seconds(200), medianFactor: 1.5))
        func problem(_ change: String) -> ConfigError? {
            do {
                _ = try FleetSpec.parse(yaml: Self.fleet.replacingOccurrences(of: "{ after: 200s, median_factor: 1.5 }", with: change),
                                        source: "fleet.yaml")
                return nil
            } catch { return error as? ConfigError }
        }
        #expect(problem("{ after: 200s, median_factor: 0 }")?.description
            == "fleet.yaml:7: providers[0].change.median_factor: expected a factor above 0")
        #expect(problem("{ median_factor: 2 }")?.field == "providers[0].change.after")
        #expect(problem("{ after: 1s, median_factor: 2, sigma: 5 }")?.field == "providers[0].change.sigma")
        #expect(problem("{ after: 1s, median_factor: 2, mean: 5 }")?.field == "providers[0].change.mean")
        #expect(try FleetSpec.parse(yaml: Self.fleet.replacingOccurrences(of: "median_factor: 1.5", with: "median_factor: 2, sigma: 0.4"),
                                    source: "f").providers[0].change?.sigma == 0.4)
    }

    @Test func theMedianMovesAtTheGivenTimeAndTheDrawsStayTheSame() throws {
        let model = try Self.model()
        // The same generator state on both sides of the change: the change scales the draw.
        var before = SplitMix64(seed: 9), after = SplitMix64(seed: 9)
        for _ in 0..<1000 {
            let early = model.delay(at: .seconds(199), using: &before).secondsValue
            let late = model.delay(at: .seconds(200), using: &after).secondsValue
            #expect(abs(late / early - 1.5) < 1e-6)
        }
        #expect(model.body(at: .seconds(199)).median == .milliseconds(40))
        #expect(model.body(at: .seconds(200)).median == .milliseconds(60))
        // 4,000 draws 0.1 s apart over 400 s: the first half's median is 40 ms, the second's 60 ms
        // (3% is about 2.4 standard errors of a sample median at sigma 0.2 and n = 2,000).
        let samples = Samples(model, seed: 3, count: 4000, interval: 0.1)
        let early = Samples(values: Array(samples.values.prefix(2000))).median
        let late = Samples(values: Array(samples.values.suffix(2000))).median
        #expect(abs(early / 40 - 1) < 0.03, "median before \(early) ms")
        #expect(abs(late / 60 - 1) < 0.03, "median after \(late) ms")
        // Seeded: the same fleet gives the same delays.
        #expect(Samples(try Self.model(), seed: 3, count: 4000, interval: 0.1).values == samples.values)
    }

    @Test func aChangedSigmaWidensTheSpread() throws {
        let model = try Self.model(Self.fleet.replacingOccurrences(of: "median_factor: 1.5", with: "median_factor: 1, sigma: 0.6"))
        var rng = SplitMix64(seed: 1)
        let before = Samples(values: (0..<4000).map { _ in log(model.delay(at: .seconds(1), using: &rng).secondsValue) })
        let after = Samples(values: (0..<4000).map { _ in log(model.delay(at: .seconds(300), using: &rng).secondsValue) })
        #expect(abs(before.variance.squareRoot() - 0.2) < 0.02)
        #expect(abs(after.variance.squareRoot() - 0.6) < 0.04)
    }

    @Test func aServedProviderSlowsDownAfterTheChange() async throws {
        let fleet = try await EmulatedFleet.start(try FleetSpec.parse(yaml: """
            providers:
              - { name: p, kind: depin, region: r, latency: { median: 100ms, sigma: 0 }, change: { after: 1500ms, median_factor: 4 } }
            """, source: "fleet.yaml"))
        let start = ContinuousClock.now
        let client = TestClient()
        let before = try await client.get(fleet.endpoints[0].url)
        try await Task.sleep(until: start + .milliseconds(1600), clock: .continuous)
        let after = try await client.get(fleet.endpoints[0].url)
        await fleet.stop()
        #expect(before.elapsed >= .milliseconds(100) && before.elapsed < .milliseconds(350), "\(before.elapsed)")
        #expect(after.elapsed >= .milliseconds(400), "\(after.elapsed)")
    }
}
