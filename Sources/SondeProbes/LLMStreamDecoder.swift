import Foundation
import SondeCore

/// Reads an OpenAI-compatible completion stream (`chat.completion.chunk` or `text_completion`
/// objects as server-sent events, ending in `data: [DONE]`) and notes when each content chunk
/// arrived. Timestamps come from the caller: one per write-callback delivery.
struct LLMStreamDecoder {
    let api: LLMAPI
    private var parser = SSEParser()
    /// Arrival offsets (microseconds from the request's start) of chunks with non-empty content.
    private(set) var contentOffsetsUs: [Int64] = []
    /// Offset of the last event of any kind.
    private(set) var lastEventUs: Int64?
    private(set) var sawDone = false
    /// An event that was not JSON, or JSON of the wrong shape, or an error object.
    private(set) var malformed = false
    private(set) var usageCompletionTokens: Int?
    private(set) var usagePromptTokens: Int?
    /// Body bytes fed.
    private(set) var bytes = 0

    init(api: LLMAPI) {
        self.api = api
    }

    /// Events parsed so far.
    var events: Int { parser.events }

    /// Feeds bytes that arrived `offsetUs` after the request started.
    mutating func feed(_ chunk: UnsafeRawBufferPointer, offsetUs: Int64) {
        bytes += chunk.count
        var parser = self.parser
        self.parser = SSEParser()  // so the local copy owns its buffers
        parser.feed(chunk) { data in handle(data, offsetUs: offsetUs) }
        self.parser = parser
    }

    mutating func feed(_ text: String, offsetUs: Int64) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { feed(UnsafeRawBufferPointer($0), offsetUs: offsetUs) }
    }

    private mutating func handle(_ data: [UInt8], offsetUs: Int64) {
        lastEventUs = offsetUs
        if data.elementsEqual("[DONE]".utf8) {
            sawDone = true
            return
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(data)) as? [String: Any] else {
            malformed = true
            return
        }
        if object["error"] != nil {
            malformed = true
            return
        }
        if let usage = object["usage"] as? [String: Any] {
            if let tokens = usage["completion_tokens"] as? Int { usageCompletionTokens = tokens }
            if let tokens = usage["prompt_tokens"] as? Int { usagePromptTokens = tokens }
        }
        guard let choices = object["choices"] as? [Any] else {
            // A usage-only chunk has `choices: []`; anything without choices or usage is malformed.
            if object["usage"] == nil { malformed = true }
            return
        }
        guard let choice = choices.first as? [String: Any] else { return }
        let content: String?
        switch api {
        case .chat: content = (choice["delta"] as? [String: Any])?["content"] as? String
        case .completions: content = choice["text"] as? String
        }
        if let content, !content.isEmpty { contentOffsetsUs.append(offsetUs) }
    }
}
