import Foundation
import SondeCore
@testable import SondeEmulator
import Testing

/// The shipped fleets/slow-episodes.yaml: slow episodes minutes apart, for multi-run gate tests.
@Suite struct SlowEpisodesFleetTests {
    /// The file in the repository, found from this source file's path.
    static var path: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("fleets/slow-episodes.yaml")
    }

    static func spec() throws -> FleetSpec {
        try FleetSpec.parse(yaml: try String(contentsOf: path, encoding: .utf8), source: path.path)
    }

    @Test func theFileParsesWithEpisodesEveryFiveMinutesLastingThirtySeconds() throws {
        let spec = try Self.spec()
        #expect(spec.providers.map(\.name) == ["cloud-us-east", "depin-na", "depin-eu", "depin-apac"])
        #expect(spec.providers[0].episodes == nil, "the baseline is quiet")
        for provider in spec.providers.dropFirst() {
            #expect(provider.episodes == .init(every: .seconds(300), duration: .seconds(30), multiplier: 2))
        }
    }

    /// Over 48 simulated hours (checked every 10 s: an episode lasts 30 s, so none is missed) each DePIN provider is slow for about
    /// 1 - exp(-30/300) = 9.5% of the time, in episodes minutes apart; the schedule is a pure
    /// function of the seed, so a second look finds the same episodes.
    @Test(arguments: ["depin-na", "depin-eu", "depin-apac"])
    func episodesAreMinutesApartAndCoverTheExpectedShare(provider: String) async throws {
        let spec = try Self.spec()
        let model = LatencyModel(try #require(spec.providers.first { $0.name == provider }), fleetSeed: spec.seed)
        let schedule = try #require(model.episodes)
        let points = 48 * 3600 / 10
        // Off the cooperative threads: loopback servers of tests running alongside need them.
        let active = await offCooperativePool { (0..<points).map { schedule.isActive(at: .seconds(10 * $0)) } }
        let again = await offCooperativePool { (0..<points / 8).map { schedule.isActive(at: .seconds(10 * $0)) } }
        let share = Double(active.filter { $0 }.count) / Double(points)
        #expect(abs(share - (1 - exp(-0.1))) < 0.02, "share of time slow \(share)")
        // Starts of slow stretches, and the quiet gaps between them.
        let starts = active.indices.filter { $0 > 0 && active[$0] && !active[$0 - 1] }
        let gaps = zip(starts.dropFirst(), starts).map { $0 - $1 }.sorted()
        #expect(starts.count > 400 && starts.count < 700, "\(starts.count) slow stretches in 48 h (about 550 expected)")
        #expect(gaps[gaps.count / 2] > 12, "median gap (in 10 s points) between slow stretches \(gaps[gaps.count / 2])")
        #expect(Array(active.prefix(points / 8)) == again)
        // A slow stretch multiplies the wait by 2: the same draw inside and outside one.
        let inside = try #require(active.firstIndex(of: true)), outside = try #require(active.firstIndex(of: false))
        var a = SplitMix64(seed: 1), b = SplitMix64(seed: 1)
        let ratio = model.delay(at: .seconds(10 * inside), using: &a).secondsValue
            / model.delay(at: .seconds(10 * outside), using: &b).secondsValue
        #expect(spec.providers.first { $0.name == provider }?.spikes != nil)
        #expect(ratio > 1.5, "a draw in an episode is about twice the same draw outside (a spike may add to either): \(ratio)")
    }
}
