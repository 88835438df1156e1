import SondeCore
import Yams

extension FleetSpecDecoder {
    /// `llm: { queue: 20ms, prefill_per_token: 0.2ms, decode: 25ms, jitter: 0.1 }` and
    /// `llm_fault: broken_json | cut | rate_limited`.
    func decodeLLM(_ fields: Fields, into provider: inout EmulatedProviderSpec) throws(FleetError) {
        provider.llm = try fields.optional("llm") { node, path throws(FleetError) in
            let llm = try Fields(node, path: path, allowed: ["queue", "prefill_per_token", "decode", "jitter"], decoder: self)
            func duration(_ node: Node, _ field: String) throws(FleetError) -> Duration {
                let text = try scalar(node, field)
                guard let value = Grammar.duration(text) else {
                    throw error(node, field, "expected a duration with a unit such as 200us, 25ms, got '\(text)'")
                }
                return value
            }
            let decode = try llm.required("decode", duration)
            guard decode > .zero else { throw error(node, llm.field("decode"), "expected a duration above 0") }
            let jitter = try llm.optional("jitter") { node, field throws(FleetError) in
                let text = try scalar(node, field)
                guard let value = Double(text), (0...2).contains(value) else {
                    throw error(node, field, "expected a number from 0 to 2, got '\(text)'")
                }
                return value
            } ?? 0
            return EmulatedProviderSpec.LLM(queue: try llm.optional("queue", duration) ?? .zero,
                                            prefillPerToken: try llm.optional("prefill_per_token", duration) ?? .zero,
                                            decode: decode, jitter: jitter)
        }
        provider.llmFault = try fields.optional("llm_fault") { node, field throws(FleetError) in
            let text = try scalar(node, field)
            guard let fault = EmulatedProviderSpec.LLMFault(rawValue: text) else {
                throw error(node, field, "unknown llm_fault '\(text)' (expected broken_json, cut or rate_limited)")
            }
            return fault
        }
    }
}
