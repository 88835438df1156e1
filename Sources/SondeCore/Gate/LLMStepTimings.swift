/// TTFT and TPOT of one step of one provider's capacity sweep: what the gate's LLM timing rules
/// (`p50_ttft`, `p99_ttft`, `p50_tpot`, `p99_tpot`) compare for a sweep, and what the JSON
/// report's `llm` entries carry per step. A sweep's steps run at different offered rates, so
/// pooling them would compare a mixture of load regimes; each step is compared with the other
/// run's step at the same offered rate instead (`match`).
public struct LLMStepTimings: Sendable, Equatable {
    /// The step's index in the sweep (0 synchronous, 1 throughput ceiling, then constant rates).
    public var step: Int
    public var kind: LLMSweepStepKind
    /// Requests per second the step offered, as `CapacityAnalysis.Step.offeredRate` measures it.
    public var offeredRate: Double
    /// Time to first token from the intended send time (as the capacity section counts it), per
    /// successful request with a first token, in request order, µs.
    public var ttftUs: [Int64]
    /// Time per output token per successful request with at least two tokens, µs.
    public var tpotUs: [Int64]

    public init(step: Int, kind: LLMSweepStepKind, offeredRate: Double, ttftUs: [Int64], tpotUs: [Int64]) {
        self.step = step
        self.kind = kind
        self.offeredRate = offeredRate
        self.ttftUs = ttftUs
        self.tpotUs = tpotUs
    }

    /// Two constant-rate steps are the same rate when their offered rates differ by at most this
    /// share of the baseline's: the sweep refines near the knee in steps of at most 5%, so a
    /// wider window could pair a step with its neighbour.
    public static let rateTolerance = 0.05

    /// Every step of a provider's stored sweep, in step order.
    public static func steps(_ data: LLMProviderData) -> [LLMStepTimings] {
        let records = Array(data.records.values)
        let bySteps = Dictionary(grouping: data.samples) { LLMSweepSequence.step(of: $0.sequence) }
        return bySteps.keys.sorted().map { index in
            let samples = bySteps[index]!.sorted { $0.sequence < $1.sequence }
            let summary = CapacityAnalysis.step(index: index, samples: samples, records: records, sloTTFT: nil, sloTPOT: nil)
            var ttft: [Int64] = [], tpot: [Int64] = []
            for sample in samples where sample.succeeded {
                let record = data.records[sample.sequence]
                if let value = CapacityAnalysis.ttftFromIntended(sample, record) { ttft.append(value) }
                if let value = record?.tpotUs { tpot.append(value) }
            }
            return LLMStepTimings(step: index, kind: summary.kind, offeredRate: summary.offeredRate, ttftUs: ttft, tpotUs: tpot)
        }
    }

    /// The step in words: "synchronous", "throughput ceiling" or "12.34 req/s".
    public var label: String {
        switch kind {
        case .synchronous: return "synchronous"
        case .throughput: return "throughput ceiling"
        case .rate: return "\(Format.fixed(offeredRate, 2)) req/s"
        }
    }

    /// Pairs of baseline and candidate steps: the synchronous steps, the throughput ceilings, and
    /// each baseline rate step with the candidate's rate step nearest its offered rate within
    /// `rateTolerance` (each candidate step used once, nearest pairs first). A step without a
    /// partner comes back with `nil` on the other side, so that the gate can name it.
    public static func match(baseline: [LLMStepTimings], candidate: [LLMStepTimings])
        -> [(baseline: LLMStepTimings?, candidate: LLMStepTimings?)] {
        var pairs: [(baseline: LLMStepTimings?, candidate: LLMStepTimings?)] = []
        var usedB = Set<Int>(), usedC = Set<Int>()
        for kind in [LLMSweepStepKind.synchronous, .throughput] {
            if let b = baseline.firstIndex(where: { $0.kind == kind }), let c = candidate.firstIndex(where: { $0.kind == kind }) {
                pairs.append((baseline[b], candidate[c]))
                usedB.insert(b)
                usedC.insert(c)
            }
        }
        var options: [(b: Int, c: Int, distance: Double)] = []
        for (b, step) in baseline.enumerated() where step.kind == .rate {
            for (c, other) in candidate.enumerated() where other.kind == .rate {
                let distance = abs(other.offeredRate - step.offeredRate) / step.offeredRate
                if distance <= rateTolerance { options.append((b, c, distance)) }
            }
        }
        for option in options.sorted(by: { $0.distance < $1.distance }) where !usedB.contains(option.b) && !usedC.contains(option.c) {
            pairs.append((baseline[option.b], candidate[option.c]))
            usedB.insert(option.b)
            usedC.insert(option.c)
        }
        for (b, step) in baseline.enumerated() where !usedB.contains(b) { pairs.append((step, nil)) }
        for (c, step) in candidate.enumerated() where !usedC.contains(c) { pairs.append((nil, step)) }
        // Reading order: the baseline's steps by offered rate, the candidate's leftovers after.
        return pairs.sorted { lhs, rhs in
            let l = lhs.baseline ?? lhs.candidate!, r = rhs.baseline ?? rhs.candidate!
            if (lhs.baseline == nil) != (rhs.baseline == nil) { return lhs.baseline != nil }
            return (l.kind == .rate ? 1 : 0, l.kind == .rate ? l.offeredRate : Double(l.step))
                < (r.kind == .rate ? 1 : 0, r.kind == .rate ? r.offeredRate : Double(r.step))
        }
    }
}
