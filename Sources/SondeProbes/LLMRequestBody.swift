import Foundation
import SondeCore

/// The JSON bodies the LLM probe sends, with prompts generated deterministically from a seed
/// and the request's sequence, so every provider gets the same prompts and a rerun repeats them.
enum LLMRequestBody {
    /// Common English words that most tokenizers encode as one token each (with the leading
    /// space), so that a prompt of N words is close to N tokens.
    static let words = ["the", "of", "and", "to", "in", "is", "for", "on", "that", "by", "this", "with", "you", "it",
                        "not", "or", "be", "are", "from", "at", "as", "your", "all", "have", "new", "more", "an", "was",
                        "we", "will", "home", "can", "us", "about", "if", "page", "my", "has", "search", "free", "but",
                        "our", "one", "other", "do", "no", "information", "time", "they", "site", "he", "up", "may",
                        "what", "which", "their", "news", "out", "use", "any", "there", "see", "only", "so", "his",
                        "when", "contact", "here", "business", "who", "web", "also", "now", "help", "get", "view",
                        "online", "first", "been", "would", "how", "were", "me", "services", "some", "these", "click",
                        "its", "like", "service", "than", "find", "price", "date", "back", "top", "people", "had",
                        "list", "name", "just", "over", "state", "year", "day", "into", "email", "two", "health",
                        "world", "next", "used", "go", "work", "last", "most", "products", "music", "buy", "data"]

    /// A prompt of `tokens` words, a pure function of `seed` and `sequence`.
    static func prompt(tokens: Int, seed: UInt64, sequence: Int64) -> String {
        var generator = SeededGenerator(seed: seed, stream: UInt64(bitPattern: sequence))
        var text = ""
        text.reserveCapacity(tokens * 6)
        for index in 0..<tokens {
            if index > 0 { text += " " }
            text += words[generator.index(below: words.count)]
        }
        return text
    }

    /// The streaming request body for `api`. Asks for usage in the stream (`stream_options`),
    /// which vLLM, TGI, llama.cpp and OpenAI honour; servers that ignore it leave the probe to
    /// count chunks.
    static func json(api: LLMAPI, model: String, prompt: String, maxTokens: Int) -> Data {
        var body: [String: Any] = ["model": model, "max_tokens": maxTokens, "stream": true, "temperature": 0,
                                   "stream_options": ["include_usage": true]]
        switch api {
        case .chat: body["messages"] = [["role": "user", "content": prompt]]
        case .completions: body["prompt"] = prompt
        }
        // Only strings, numbers and booleans go in: serialisation cannot fail.
        return (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
    }
}
