import Foundation
import SondeCore
@testable import SondeEmulator
import Testing

/// The `drops` key: periods when a provider is gone and answers 503 at once.
@Suite struct DropScheduleTests {
    private func parse(_ keys: String) throws -> EmulatedProviderSpec {
        try FleetSpec.parse(yaml: """
            providers:
              - { name: p, kind: depin, region: eu, latency: { median: 5ms, sigma: 0.1 }, \(keys) }
            """, source: "fleet.yaml").providers[0]
    }

    @Test func bothFormsParse() throws {
        #expect(try parse("drops: { every: 90s, duration: 2s }").drops == .init(every: .seconds(90), duration: .seconds(2)))
        #expect(try parse("drops: { at: [3s, 500ms], duration: 1s }").drops
                == .init(at: [.seconds(3), .milliseconds(500)], duration: .seconds(1)))
    }

    @Test(arguments: [("drops: { every: 90s }", "providers[0].drops.duration"),
                      ("drops: { duration: 1s }", "providers[0].drops"),
                      ("drops: { every: 9s, at: [1s], duration: 1s }", "providers[0].drops"),
                      ("drops: { at: [], duration: 1s }", "providers[0].drops.at"),
                      ("drops: { at: [soon], duration: 1s }", "providers[0].drops.at[0]"),
                      ("drops: { every: 0s, duration: 1s }", "providers[0].drops.every")])
    func badDropsNameTheField(keys: String, field: String) {
        #expect { _ = try parse(keys) } throws: { ($0 as? ConfigError)?.field == field }
    }

    @Test func fixedDropsCoverExactlyTheirWindows() {
        let schedule = DropSchedule(.init(at: [.seconds(2), .seconds(5)], duration: .milliseconds(600)), seed: 1)
        let down = stride(from: 0, to: 8000, by: 100).filter { schedule.isDown(at: .milliseconds($0)) }
        #expect(down == [2000, 2100, 2200, 2300, 2400, 2500, 5000, 5100, 5200, 5300, 5400, 5500])
    }

    /// Poisson drops are down for the expected share of time, 1 - exp(-duration/every).
    @Test func poissonDropsCoverTheExpectedShare() {
        let schedule = DropSchedule(.init(every: .seconds(60), duration: .seconds(2)), seed: 42)
        let points = 200_000
        let down = (0..<points).filter { schedule.isDown(at: .milliseconds($0 * 100)) }.count
        let expected = 1 - exp(-2.0 / 60)
        #expect(abs(Double(down) / Double(points) - expected) < 0.01, "share \(Double(down) / Double(points)) vs \(expected)")
    }

    @Test func aDroppedProviderAnswers503AtOnceThenRecovers() async throws {
        let spec = try FleetSpec.parse(yaml: """
            providers:
              - { name: p, kind: depin, region: eu, latency: { median: 2s, sigma: 0.01 }, drops: { at: [0s], duration: 1s } }
            """, source: "fleet.yaml")
        let fleet = try await EmulatedFleet.start(spec)
        let during = try await TestClient().get(fleet.endpoints[0].url)
        try await Task.sleep(for: .milliseconds(1100))
        let after = try await TestClient().get(fleet.endpoints[0].url)   // waits the model's 2 s
        await fleet.stop()
        #expect(during.status == 503)
        // Far under the model's 2 s wait even on a machine busy with other work.
        #expect(during.elapsed < .milliseconds(1000), "a drop answers without the model's 2 s wait")
        #expect(after.elapsed >= .milliseconds(1900))
        #expect(after.status == 200)
    }
}
