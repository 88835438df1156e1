import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import SondeEmulator
import Testing

/// Starts real servers on loopback, so the tests run one at a time; none sleeps for a guessed
/// time: they wait on the fleet's request counts, with a deadline.
@Suite(.serialized) struct EmulatedFleetTests {
    static func provider(_ name: String, median: Duration, fault: EmulatedProviderSpec.Fault = .none,
                         bodyBytes: Int? = nil) -> EmulatedProviderSpec {
        EmulatedProviderSpec(name: name, kind: .depin, region: "eu-central", latency: .init(median: median, sigma: 0),
                             fault: fault, bodyBytes: bodyBytes)
    }

    /// Runs `body` against a started fleet and always stops it.
    static func withFleet(_ providers: [EmulatedProviderSpec],
                          _ body: (EmulatedFleet) async throws -> Void) async throws {
        let fleet = try await EmulatedFleet.start(FleetSpec(seed: 1, providers: providers))
        do {
            try await body(fleet)
        } catch {
            await fleet.stop()
            throw error
        }
        await fleet.stop()
    }

    /// Waits until `condition` holds, polling every few milliseconds, or fails after `limit`.
    static func waitUntil(_ limit: Duration = .seconds(10), _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + limit
        while !condition() {
            try #require(ContinuousClock.now < deadline, "condition not met within \(limit)")
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    @Test func healthAnswers200AfterTheModelDelay() async throws {
        try await Self.withFleet([Self.provider("fixed", median: .milliseconds(150))]) { fleet in
            let endpoint = try #require(fleet.endpoints.first)
            #expect(endpoint.url.hasPrefix("http://127.0.0.1:") && endpoint.url.hasSuffix("/health"))
            let response = try await TestClient().get(endpoint.url)
            #expect(response.status == 200)
            #expect(response.elapsed >= .milliseconds(150))
            #expect(response.headers["content-length"] == String(response.body.count))
            let json = try JSONSerialization.jsonObject(with: response.body) as? [String: String]
            #expect(json == ["status": "ok", "provider": "fixed"])
        }
    }

    @Test func statusFaultAnswersThatStatus() async throws {
        try await Self.withFleet([Self.provider("broken", median: .milliseconds(20), fault: .status(503))]) { fleet in
            let response = try await TestClient().get(fleet.endpoints[0].url)
            #expect(response.status == 503)
            #expect(response.elapsed >= .milliseconds(20))
        }
    }

    @Test func refuseFaultRefusesTheConnection() async throws {
        try await Self.withFleet([Self.provider("gone", median: .zero, fault: .refuse)]) { fleet in
            let url = fleet.endpoints[0].url
            let error = await #expect(throws: URLError.self) { try await TestClient().get(url) }
            #expect(error?.code == .cannotConnectToHost)
        }
    }

    @Test func bodyHasTheConfiguredSize() async throws {
        try await Self.withFleet([Self.provider("big", median: .zero, bodyBytes: 4096)]) { fleet in
            let response = try await TestClient().get(fleet.endpoints[0].url)
            #expect(response.body.count == 4096)
            #expect(try JSONSerialization.jsonObject(with: response.body) is [String: String])
        }
    }

    @Test func stopReturnsWithinASecondWithAStalledRequestOpen() async throws {
        let fleet = try await EmulatedFleet.start(FleetSpec(providers: [Self.provider("stuck", median: .zero, fault: .stall)]))
        let url = fleet.endpoints[0].url
        let client = Task { try await TestClient(timeout: 60).get(url) }
        try await Self.waitUntil { fleet.requestCounts("stuck").inFlight == 1 }
        let start = ContinuousClock.now
        await fleet.stop()
        #expect(ContinuousClock.now - start < .seconds(1))
        // The stalled client is released too (with an error or a 500), not left hanging.
        _ = await client.result
        #expect(fleet.requestCounts("stuck").inFlight == 0)
    }

    @Test func requestsRunConcurrentlyAndAStallDelaysNoOne() async throws {
        try await Self.withFleet([Self.provider("slow", median: .milliseconds(500)),
                                  Self.provider("stuck", median: .zero, fault: .stall)]) { fleet in
            let client = TestClient(timeout: 60)
            let stuckURL = fleet.endpoints[1].url
            let stalled = Task { try await client.get(stuckURL) }
            try await Self.waitUntil { fleet.requestCounts("stuck").inFlight == 1 }

            let slowURL = fleet.endpoints[0].url
            let responses = Task {
                try await withThrowingTaskGroup(of: TestClient.Response.self) { group in
                    for _ in 0..<16 {
                        group.addTask { try await client.get(slowURL) }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
            }
            // All sixteen are waiting out their 500 ms at the same moment, beside the stalled
            // one: proof of concurrency that does not depend on how busy the machine is.
            try await Self.waitUntil { fleet.requestCounts("slow").inFlight == 16 }
            let answered = try await responses.value
            #expect(answered.map(\.status) == Array(repeating: 200, count: 16))
            #expect(answered.allSatisfy { $0.elapsed >= .milliseconds(500) })
            #expect(fleet.requestCounts("stuck").inFlight == 1)
            stalled.cancel()
        }
    }

    @Test func defaultFleetStartsInMillisecondsAndAdvertisesItsEndpoints() async throws {
        let start = ContinuousClock.now
        let fleet = try await EmulatedFleet.start(.default)
        let startup = ContinuousClock.now - start
        #expect(startup < .seconds(1), "start-up took \(startup)")
        #expect(fleet.endpoints.map(\.name) == ["cloud-us-east", "depin-na", "depin-eu", "depin-apac"])
        #expect(Set(fleet.endpoints.map(\.url)).count == 4)

        var expected = "providers:\n"
        for endpoint in fleet.endpoints {
            expected += "  - name: \(endpoint.name)\n    kind: \(endpoint.kind.rawValue)\n    region: \(endpoint.region)\n"
            expected += "    jurisdiction: \(endpoint.jurisdiction!)\n    endpoint: \(endpoint.url)\n"
        }
        #expect(fleet.providersYAML() == expected)
        await fleet.stop()
    }

    @Test func providersYAMLQuotesValuesYAMLWouldMisread() async throws {
        var provider = Self.provider("p", median: .zero)
        provider.region = "no"
        provider.jurisdiction = "EU \"west\""
        try await Self.withFleet([provider]) { fleet in
            #expect(fleet.providersYAML().contains("    region: \"no\"\n    jurisdiction: \"EU \\\"west\\\"\"\n"))
        }
    }
}
