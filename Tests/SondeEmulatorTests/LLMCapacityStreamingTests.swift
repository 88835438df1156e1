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
        // The server's own view, sampled while the clients run: the batch and the queue.
        let peak = Locked((running: 0, waiting: 0))
        let watcher = Task {
            while !Task.isCancelled {
                if let counts = fleet.llmCounts("gpu") {
                    peak.withLock { $0 = (max($0.running, counts.running), max($0.waiting, counts.waiting)) }
                }
                try? await Task.sleep(for: .milliseconds(5))
            }
        }
        let responses = try await withThrowingTaskGroup(of: StreamingClient.Response.self) { group in
            for _ in 0..<24 { group.addTask { try await client.post(url, body: Self.request(tokens: 20)) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        watcher.cancel()
        await fleet.stop()
        let (running, waiting) = peak.withLock { $0 }
        #expect(running == 16, "at most B = 16 decoded together, and the batch filled: \(running)")
        #expect(waiting >= 1, "requests past the batch waited: \(waiting)")
        #expect(responses.allSatisfy { $0.status == 200 })
        let streams = responses.map(Self.tokenOffsets)
        #expect(streams.allSatisfy { $0.count == 20 })
        let ttft = streams.map { $0[0] }.sorted()
        // The first batch: one step with 16 prefills of 10 tokens (35 + 16 ms); the queued eight
        // wait for a stream of the first batch to finish (20 steps of 35 ms, less however late
        // they arrived on a busy machine).
        #expect(ttft.suffix(8).allSatisfy { $0 > 350 }, "the queued requests wait for a slot: \(ttft)")
        // Each stream of the first batch takes 20 steps of a full batch (20 + 15 × 1 = 35 ms)
        // after waiting at most one step for its first: its last token comes 700-735 ms (plus
        // 16 ms of prefill) after its request. The scheduler makes up a late wake-up at the next
        // step, so that end time holds on a busy machine while single gaps may not; tokens must
        // still arrive spread over the stream's life, not in a lump at the end.
        let first = streams.filter { $0[0] <= ttft[15] }
        let ends = first.map { $0[19] }.sorted()
        let end = ends[ends.count / 2]
        print("16 concurrent streams: median last token at \(end) ms (model 716-751 ms), TTFT \(ttft.first!)...\(ttft.last!) ms")
        // Never before the model's 716 ms; later by what the client adds on a busy machine
        // (measured 755 ms on a quiet run, up to 894 ms at load average 22 on 2 cores).
        #expect(end >= 700 && end < 1050, "median last token at \(end) ms with 16 streams in the batch")
        #expect(first.allSatisfy { $0[19] - $0[0] > 0.5 * 19 * 35 }, "tokens spread over the stream: \(first.map { $0[19] - $0[0] })")
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
