import Foundation
import SondeCore
@testable import SondeEmulator
import Testing

/// The capacity model over real HTTP on loopback: many concurrent streams at once, each token
/// sent as the provider's scheduler produces it, and 503 at once when the batch and queue are full.
@Suite(.serialized) struct LLMCapacityStreamingTests {
    static let fleet = """
        providers:
          - { name: gpu, kind: depin, region: r, latency: { median: 1ms, sigma: 0.1 },
              llm: { prefill_per_token: 0.1ms, decode: 20ms, decode_per_seq: 1ms, batch: 16, queue_limit: 8 } }
        """

    static func request(tokens: Int) -> [String: Any] {
        ["model": "m", "messages": [["role": "user", "content": "one two three four five six seven eight nine ten"]],
         "max_tokens": tokens, "stream": true]
    }

    /// The content events of a chat stream (the role chunk and `[DONE]` aside).
    static func tokenOffsets(_ response: StreamingClient.Response) -> [Double] {
        response.events.filter { $0.payload.contains(#""content":"#) && !$0.payload.contains(#""content":"""#) }
            .map { $0.offset.secondsValue * 1000 }
    }

    @Test func manyConcurrentStreamsGetTheirTokensInRealTime() async throws {
        let fleet = try await EmulatedFleet.start(try FleetSpec.parse(yaml: Self.fleet, source: "fleet.yaml"))
        let client = StreamingClient()
        defer { client.invalidate() }
        let url = fleet.endpoints[0].url.replacingOccurrences(of: "/health", with: "/v1/chat/completions")
        // 24 at once: 16 fill the batch (step 20 + 15 × 1 = 35 ms), 8 wait in the queue.
        let responses = try await withThrowingTaskGroup(of: StreamingClient.Response.self) { group in
            for _ in 0..<24 { group.addTask { try await client.post(url, body: Self.request(tokens: 20)) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        await fleet.stop()
        #expect(responses.allSatisfy { $0.status == 200 })
        let streams = responses.map(Self.tokenOffsets)
        #expect(streams.allSatisfy { $0.count == 20 })
        let ttft = streams.map { $0[0] }.sorted()
        // The first batch: one step with 16 prefills of 10 tokens (35 + 16 ms); the queued eight
        // wait for the first batch to finish (20 steps), so their TTFT is at least ~700 ms.
        #expect(ttft.prefix(16).allSatisfy { $0 < 200 }, "TTFT of the first batch \(ttft)")
        #expect(ttft.suffix(8).allSatisfy { $0 > 600 }, "TTFT of the queued requests \(ttft)")
        // Inter-token gaps as a client sees them: the step time of a full batch, 35 ms, while
        // 16 streams are open at once (median, so that one late wake-up does not decide it).
        let gaps = streams.prefix(16).flatMap { zip($0.dropFirst(), $0).map { $0 - $1 } }.sorted()
        let median = gaps[gaps.count / 2]
        print("16 concurrent streams: median ITL \(median) ms (step 35 ms), TTFT \(ttft.first!)...\(ttft.last!) ms")
        #expect(abs(median - 35) < 5, "median ITL \(median) ms with 16 streams in the batch")
    }

    @Test func pastTheQueueLimitTheAnswerIs503AtOnce() async throws {
        let fleet = try await EmulatedFleet.start(try FleetSpec.parse(yaml: """
            providers:
              - { name: gpu, kind: depin, region: r, latency: { median: 1ms, sigma: 0.1 }, llm: { decode: 50ms, batch: 1, queue_limit: 1 } }
            """, source: "fleet.yaml"))
        let client = StreamingClient()
        defer { client.invalidate() }
        let url = fleet.endpoints[0].url.replacingOccurrences(of: "/health", with: "/v1/chat/completions")
        async let running = client.post(url, body: Self.request(tokens: 10))
        async let waiting = client.post(url, body: Self.request(tokens: 10))
        try await EmulatedFleetTests.waitUntil { fleet.llmCounts("gpu").map { $0.running == 1 && $0.waiting == 1 } ?? false }
        let start = ContinuousClock.now
        let refused = try await client.post(url, body: Self.request(tokens: 10))
        let elapsed = ContinuousClock.now - start
        #expect(refused.status == 503)
        #expect(elapsed < .milliseconds(200), "answered at once, not after the 500 ms the others take: \(elapsed)")
        let (first, second) = try await (running, waiting)
        #expect(first.status == 200 && second.status == 200)
        #expect(fleet.llmCounts("gpu")?.rejected == 1)
        await fleet.stop()
    }
}
