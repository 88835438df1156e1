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

    @Test func theMedianMovesAtTheGivenTimeAndTheDrawsStayTheSame() async throws {
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
        let samples = await Samples.draw(model, seed: 3, count: 4000, interval: 0.1)
        let early = Samples(values: Array(samples.values.prefix(2000))).median
        let late = Samples(values: Array(samples.values.suffix(2000))).median
        #expect(abs(early / 40 - 1) < 0.03, "median before \(early) ms")
        #expect(abs(late / 60 - 1) < 0.03, "median after \(late) ms")
        // Seeded: the same fleet gives the same delays.
        #expect(await Samples.draw(try Self.model(), seed: 3, count: 4000, interval: 0.1).values == samples.values)
    }

    @Test func aChangedSigmaWidensTheSpread() throws {
        let model = try Self.model(Self.fleet.replacingOccurrences(of: "median_factor: 1.5", with: "median_factor: 1, sigma: 0.6"))
        var rng = SplitMix64(seed: 1)
        let before = Samples(values: (0..<4000).map { _ in log(model.delay(at: .seconds(1), using: &rng).secondsValue) })
        let after = Samples(values: (0..<4000).map { _ in log(model.delay(at: .seconds(300), using: &rng).secondsValue) })
        #expect(abs(before.variance.squareRoot() - 0.2) < 0.02)
        #expect(abs(after.variance.squareRoot() - 0.6) < 0.04)
    }

    /// Over HTTP: a change already in effect (after 0 s) and one not yet (after an hour), so
    /// that the test does not depend on how fast a busy machine gets a request out; the switch
    /// at the given time is the pure test above.
    @Test func aServedProviderAnswersWithTheChangedModel() async throws {
        let fleet = try await EmulatedFleet.start(try FleetSpec.parse(yaml: """
            providers:
              - { name: changed, kind: depin, region: r, latency: { median: 100ms, sigma: 0 }, change: { after: 0s, median_factor: 10 } }
              - { name: later, kind: depin, region: r, latency: { median: 100ms, sigma: 0 }, change: { after: 1h, median_factor: 10 } }
            """, source: "fleet.yaml"))
        let client = TestClient()
        async let changed = client.get(fleet.endpoints[0].url)
        async let later = client.get(fleet.endpoints[1].url)
        let (slow, fast) = try await (changed, later)
        await fleet.stop()
        #expect(slow.elapsed >= .milliseconds(1000), "\(slow.elapsed)")
        #expect(fast.elapsed >= .milliseconds(100) && fast.elapsed < slow.elapsed - .milliseconds(500), "\(fast.elapsed)")
    }
}
