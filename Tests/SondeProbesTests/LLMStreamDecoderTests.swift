import Testing
import SondeCore
@testable import SondeProbes

@Suite struct LLMStreamDecoderTests {
    static let role = #"data: {"choices":[{"delta":{"role":"assistant","content":""},"index":0}],"object":"chat.completion.chunk"}"#
    static func token(_ text: String) -> String {
        #"data: {"choices":[{"delta":{"content":"\#(text)"},"index":0}],"object":"chat.completion.chunk"}"#
    }

    @Test func firstTokenIsTheFirstNonEmptyContentAndUsageWins() {
        var decoder = LLMStreamDecoder(api: .chat)
        decoder.feed(Self.role + "\n\n", offsetUs: 100)
        decoder.feed(Self.token("Hi") + "\n\n" + Self.token(" there") + "\n\n", offsetUs: 5_000)
        decoder.feed(Self.token("!") + "\n\n", offsetUs: 7_000)
        decoder.feed(#"data: {"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":4}}"# + "\n\ndata: [DONE]\n\n", offsetUs: 7_100)
        #expect(decoder.contentOffsetsUs == [5_000, 5_000, 7_000])
        #expect(decoder.sawDone && !decoder.malformed)
        #expect(decoder.usageCompletionTokens == 4 && decoder.usagePromptTokens == 9)
        let record = LLMRequestRecord.summarise(providerID: 1, sequence: 0, offsetsUs: decoder.contentOffsetsUs,
                                                endUs: decoder.lastEventUs!, usageTokens: decoder.usageCompletionTokens,
                                                promptTokens: decoder.usagePromptTokens)
        #expect(record.ttftUs == 5_000)
        #expect(record.outputTokens == 4 && record.tokensSource == .usage)
        #expect(record.tpotUs == Int64((7_100 - 5_000) / 3))
        #expect(record.itlMaxUs == 2_000 && record.itlP50Us == 1_000)
    }

    @Test func completionsReadTextAndCountChunksWithoutUsage() {
        var decoder = LLMStreamDecoder(api: .completions)
        for (index, text) in ["a", "", "b", "c"].enumerated() {
            decoder.feed(#"data: {"choices":[{"text":"\#(text)","index":0}],"object":"text_completion"}"# + "\n\n",
                         offsetUs: Int64(index) * 1000)
        }
        decoder.feed("data: [DONE]\n\n", offsetUs: 4000)
        let record = LLMRequestRecord.summarise(providerID: 1, sequence: 0, offsetsUs: decoder.contentOffsetsUs, endUs: 4000,
                                                usageTokens: decoder.usageCompletionTokens, promptTokens: nil)
        #expect(record.outputTokens == 3 && record.tokensSource == .counted && record.ttftUs == 0)
    }

    @Test func brokenJSONAndErrorObjectsAreMalformed() {
        var broken = LLMStreamDecoder(api: .chat)
        broken.feed(Self.token("a") + "\n\n" + #"data: {"choices":[{"delta":{"content":"b"# + "\n\ndata: [DONE]\n\n", offsetUs: 1)
        #expect(broken.malformed && broken.sawDone && broken.contentOffsetsUs.count == 1)
        var error = LLMStreamDecoder(api: .chat)
        error.feed(#"data: {"error":{"message":"overloaded"}}"# + "\n\n", offsetUs: 1)
        #expect(error.malformed)
    }
}
