import Foundation
import Testing
@testable import SondeEmulator

@Suite struct LLMEndpointTests {
    @Test func fleetFilesDeclareTokenTimingAndFaults() throws {
        let spec = try FleetSpec.parse(yaml: """
            providers:
              - name: a
                kind: depin
                region: r
                latency: { median: 1ms, sigma: 0.1 }
                llm: { queue: 20ms, prefill_per_token: 0.2ms, decode: 25ms, jitter: 0.1 }
                llm_fault: cut
            """, source: "f.yaml")
        let llm = try #require(spec.providers[0].llm)
        #expect(llm == .init(queue: .milliseconds(20), prefillPerToken: .microseconds(200), decode: .milliseconds(25), jitter: 0.1))
        #expect(llm.ttft(promptTokens: 256) == .microseconds(71_200))
        #expect(spec.providers[0].llmFault == .cut)
        #expect(FleetSpec.default.providers.allSatisfy { $0.llm != nil })
        #expect {
            _ = try FleetSpec.parse(yaml: """
                providers:
                  - { name: a, kind: depin, region: r, latency: { median: 1ms, sigma: 0.1 }, llm: { decode: 0ms } }
                """, source: "f.yaml")
        } throws: { "\($0)".contains("providers[0].llm.decode") }
        #expect {
            _ = try FleetSpec.parse(yaml: """
                providers:
                  - { name: a, kind: depin, region: r, latency: { median: 1ms, sigma: 0.1 }, llm_fault: slow }
                """, source: "f.yaml")
        } throws: { "\($0)".contains("providers[0].llm_fault") }
    }

    @Test func requestsAreParsedAndTimedByTheModel() throws {
        let body = Data(#"{"model":"m","messages":[{"role":"user","content":"one two  three"}],"max_tokens":5,"stream":true,"stream_options":{"include_usage":true}}"#.utf8)
        let call = try #require(LLMEndpoint.parse(body, chat: true))
        #expect(call == .init(chat: true, model: "m", promptTokens: 3, maxTokens: 5, stream: true, includeUsage: true))
        #expect(LLMEndpoint.parse(Data("{}".utf8), chat: true) == nil)
        #expect(LLMEndpoint.parse(Data(#"{"prompt":"a b"}"#.utf8), chat: false)?.maxTokens == LLMEndpoint.defaultMaxTokens)
        let endpoint = LLMEndpoint(.init(queue: .milliseconds(10), prefillPerToken: .milliseconds(1), decode: .milliseconds(4)),
                                   fault: nil, seed: 1)
        #expect(endpoint.timing(for: call).tokenOffsets == [13, 17, 21, 25, 29].map { .milliseconds($0) })
    }

    @Test func chunksAreValidJSONWithEscapedText() throws {
        let call = LLMEndpoint.Call(chat: true, model: "a\"b\\c\n", promptTokens: 1, maxTokens: 1, stream: true, includeUsage: true)
        for text in [LLMEndpoint.chunk(call, id: "x", created: 1, content: "hi", role: true, finish: "length"),
                     LLMEndpoint.chunk(call, id: "x", created: 1, content: nil, usage: LLMEndpoint.usage(call, completion: 1)),
                     LLMEndpoint.chunk(.init(chat: false, model: "m", promptTokens: 1, maxTokens: 1, stream: true, includeUsage: false),
                                       id: "x", created: 1, content: "t")] {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
            #expect(object["model"] as? String == call.model || object["object"] as? String == "text_completion")
        }
    }
}
