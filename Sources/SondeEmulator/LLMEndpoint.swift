import Foundation

/// An emulated OpenAI-compatible inference server: parses completion requests and lays out the
/// answer's token times from the provider's `llm` model. Pure apart from its seeded generator.
struct LLMEndpoint: Sendable {
    /// What a request asked for.
    struct Call: Equatable {
        var chat: Bool
        var model: String
        var promptTokens: Int
        var maxTokens: Int
        var stream: Bool
        var includeUsage: Bool
    }

    /// The answer's timing: first token and each further token, as offsets from arrival.
    struct Timing: Equatable {
        var tokenOffsets: [Duration]
    }

    let model: EmulatedProviderSpec.LLM
    let fault: EmulatedProviderSpec.LLMFault?
    /// The batching server, when the model has a capacity; nil: every request is timed alone.
    let scheduler: LLMScheduler?
    private let generator: Locked<SplitMix64>
    private let counter = Locked(0)

    init(_ model: EmulatedProviderSpec.LLM, fault: EmulatedProviderSpec.LLMFault?, seed: UInt64) {
        self.model = model
        self.fault = fault
        generator = Locked(SplitMix64(seed: seed))
        scheduler = model.capacity.map { LLMScheduler(model, capacity: $0, seed: SplitMix64.derive(seed, "steps")) }
    }

    /// The fixed wait before a request reaches a batching server (`queue`, with its jitter).
    func queueWait() -> Duration {
        generator.withLock { rng in
            let jitter = model.jitter
            let factor = jitter > 0 ? exp(jitter * rng.nextStandardNormal() - jitter * jitter / 2) : 1
            return .nanoseconds(Int64(model.queue.secondsValue * factor * 1e9))
        }
    }

    /// `max_tokens` when a request gives none.
    static let defaultMaxTokens = 16

    /// Parses a request body; nil when it is not a JSON object with `messages` (chat) or `prompt`.
    static func parse(_ body: Data, chat: Bool) -> Call? {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return nil }
        var words = 0
        if chat {
            guard let messages = object["messages"] as? [[String: Any]] else { return nil }
            for message in messages {
                if let text = message["content"] as? String {
                    words += countWords(text)
                } else if let parts = message["content"] as? [[String: Any]] {
                    words += parts.compactMap { $0["text"] as? String }.map(countWords).reduce(0, +)
                }
            }
        } else {
            if let text = object["prompt"] as? String {
                words = countWords(text)
            } else if let texts = object["prompt"] as? [String] {
                words = texts.map(countWords).reduce(0, +)
            } else {
                return nil
            }
        }
        let maxTokens = (object["max_tokens"] as? Int) ?? (object["max_completion_tokens"] as? Int) ?? defaultMaxTokens
        let options = object["stream_options"] as? [String: Any]
        return Call(chat: chat, model: object["model"] as? String ?? "emulated", promptTokens: words,
                    maxTokens: max(1, min(maxTokens, 100_000)), stream: object["stream"] as? Bool ?? false,
                    includeUsage: options?["include_usage"] as? Bool ?? false)
    }

    /// The emulator's tokenizer: one token per whitespace-separated word.
    static func countWords(_ text: String) -> Int {
        text.split(whereSeparator: { $0.isWhitespace }).count
    }

    /// Draws the token times of `call`: queue and prefill before the first token, then one
    /// decode step per token, each scaled by a mean-one log-normal factor.
    func timing(for call: Call) -> Timing {
        generator.withLock { rng in
            let jitter = model.jitter
            func factor() -> Double {
                jitter > 0 ? exp(jitter * rng.nextStandardNormal() - jitter * jitter / 2) : 1
            }
            var seconds = model.queue.secondsValue * factor() + model.prefillPerToken.secondsValue * Double(call.promptTokens) * factor()
            var offsets: [Duration] = []
            offsets.reserveCapacity(call.maxTokens)
            for index in 0..<call.maxTokens {
                if index > 0 { seconds += model.decode.secondsValue * factor() }
                offsets.append(.nanoseconds(Int64(seconds * 1e9)))
            }
            return Timing(tokenOffsets: offsets)
        }
    }

    /// A fresh response id.
    func nextID(chat: Bool) -> String {
        let n = counter.withLock { value -> Int in
            value += 1
            return value
        }
        return (chat ? "chatcmpl-sonde-" : "cmpl-sonde-") + String(n)
    }

    /// The text of token `index`: a word and a space, so the client can reassemble a sentence.
    static func token(_ index: Int) -> String {
        let words = ["sonde", "measures", "the", "latency", "of", "every", "token", "it", "sees"]
        return words[index % words.count] + " "
    }

    // MARK: JSON

    static func json(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func usage(_ call: Call, completion: Int) -> [String: Any] {
        ["prompt_tokens": call.promptTokens, "completion_tokens": completion, "total_tokens": call.promptTokens + completion]
    }

    /// One streamed chunk: a content delta (chat) or text (completions), a finish reason, or
    /// (with `usage`) the final usage-only chunk with no choices. Built from a template rather
    /// than by serialising a dictionary: a stream has one per token and the emulator must keep
    /// up with many streams at once.
    static func chunk(_ call: Call, id: String, created: Int, content: String?, role: Bool = false,
                      finish: String? = nil, usage: [String: Any]? = nil) -> String {
        let head = #"{"id":\#(quoted(id)),"object":"\#(call.chat ? "chat.completion.chunk" : "text_completion")","#
            + #""created":\#(created),"model":\#(quoted(call.model)),"#
        if let usage { return head + #""choices":[],"usage":\#(json(usage))}"# }
        let finishText = finish.map(quoted) ?? "null"
        if call.chat {
            var delta: [String] = []
            if role { delta.append(#""role":"assistant""#) }
            if let content { delta.append(#""content":\#(quoted(content))"#) }
            return head + #""choices":[{"index":0,"delta":{\#(delta.joined(separator: ","))},"logprobs":null,"#
                + #""finish_reason":\#(finishText)}]}"#
        }
        return head + #""choices":[{"index":0,"text":\#(quoted(content ?? "")),"logprobs":null,"finish_reason":\#(finishText)}]}"#
    }

    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// The whole answer of a non-streaming request.
    static func completion(_ call: Call, id: String, created: Int) -> String {
        let text = (0..<call.maxTokens).map(token).joined()
        let choice: [String: Any] = call.chat
            ? ["index": 0, "message": ["role": "assistant", "content": text], "finish_reason": "length", "logprobs": NSNull()]
            : ["index": 0, "text": text, "finish_reason": "length", "logprobs": NSNull()]
        return json(["id": id, "created": created, "model": call.model, "choices": [choice],
                     "object": call.chat ? "chat.completion" : "text_completion",
                     "usage": usage(call, completion: call.maxTokens)])
    }
}
