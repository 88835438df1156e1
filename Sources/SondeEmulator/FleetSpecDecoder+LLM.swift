import SondeCore
import Yams

extension FleetSpecDecoder {
    /// `llm: { queue: 20ms, prefill_per_token: 0.2ms, decode: 25ms, jitter: 0.1 }`, with capacity
    /// `batch: 8, decode_per_seq: 2ms, queue_limit: 32`, and `llm_fault: broken_json | cut | rate_limited`.
    func decodeLLM(_ fields: Fields, into provider: inout EmulatedProviderSpec) throws(ConfigError) {
        provider.llm = try fields.optional("llm") { node, path throws(ConfigError) in
            let llm = try Fields(node, path: path, allowed: ["queue", "prefill_per_token", "decode", "jitter", "batch", "decode_per_seq", "queue_limit"],
                                decoder: self)
            func duration(_ node: Node, _ field: String) throws(ConfigError) -> Duration {
                let text = try scalar(node, field)
                guard let value = Grammar.duration(text) else {
                    throw error(node, field, "expected a duration with a unit such as 200us, 25ms, got '\(text)'")
                }
                return value
            }
            let decode = try llm.required("decode", duration)
            guard decode > .zero else { throw error(node, llm.field("decode"), "expected a duration above 0") }
            let jitter = try llm.optional("jitter") { node, field throws(ConfigError) in
                let text = try scalar(node, field)
                guard let value = Double(text), (0...2).contains(value) else {
                    throw error(node, field, "expected a number from 0 to 2, got '\(text)'")
                }
                return value
            } ?? 0
            return EmulatedProviderSpec.LLM(queue: try llm.optional("queue", duration) ?? .zero,
                                            prefillPerToken: try llm.optional("prefill_per_token", duration) ?? .zero,
                                            decode: decode, jitter: jitter, capacity: try decodeCapacity(llm, duration))
        }
        provider.llmFault = try fields.optional("llm_fault") { node, field throws(ConfigError) in
            let text = try scalar(node, field)
            guard let fault = EmulatedProviderSpec.LLMFault(rawValue: text) else {
                throw error(node, field, "unknown llm_fault '\(text)' (expected broken_json, cut or rate_limited)")
            }
            return fault
        }
    }

    /// `batch`, `decode_per_seq` and `queue_limit`; the last two only make sense with a batch.
    private func decodeCapacity(_ llm: Fields, _ duration: (Node, String) throws(ConfigError) -> Duration)
        throws(ConfigError) -> EmulatedProviderSpec.Capacity? {
        guard let batchNode = llm["batch"] else {
            if let key = ["decode_per_seq", "queue_limit"].first(where: { llm[$0] != nil }), let node = llm[key] {
                throw error(node, llm.field(key), "needs 'batch' (the most sequences decoded together)")
            }
            return nil
        }
        let batch = try reader.integer(batchNode, llm.field("batch"), in: 1...100_000)
        let perSequence = try llm.optional("decode_per_seq", duration) ?? .zero
        let limit = try llm.optional("queue_limit") { node, field throws(ConfigError) in
            try reader.integer(node, field, in: 0...1_000_000)
        }
        return .init(batch: batch, decodePerSequence: perSequence, queueLimit: limit)
    }
}
