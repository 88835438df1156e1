/// Honest advice with little data: what was observed, what bound follows, and how much longer
/// both providers would have to be watched before their expected times for a job separate.
///
/// Method: the watch of both providers is scaled by k (time at risk kT, interruptions k·r, the
/// rates seen so far taken as true), the exact chi-square MTBF interval (`MTBFEstimate`'s
/// ends, at non-integer degrees of freedom) is pushed through `TrainingModel` at the mean
/// provisioning time, and k is the smallest factor (doubling, then bisection) at which the two
/// providers' intervals of expected time to result no longer overlap. Provisioning and the
/// stated wait enter as fixed; this is a planning figure, not a test.
public struct ObservationAdvice: Sendable, Equatable {
    /// Per provider: what was seen and the MTBF bound or interval that follows.
    public var observed: [String]
    /// Total watch per provider (seconds) after which the two would be told apart; nil when
    /// they would not be within 10,000 times the current watch (e.g. equal rates).
    public var watchNeededSeconds: Double?
    /// The observations and the watch advice in one line.
    public var summary: String

    /// The advice for telling `a` and `b` apart on `job`.
    public init(job: TrainingWorkload, checkpointing: Bool, _ a: ProviderEvidence, _ b: ProviderEvidence, confidence: Double = 0.95) {
        observed = [a, b].map { e in
            let m = MTBFEstimate(interruptions: e.interruptions, timeAtRiskUs: e.timeAtRiskSeconds * 1e6, confidence: confidence)
            if e.interruptions == 0 {
                return "\(e.provider): no interruption in \(Self.hours(e.timeAtRiskSeconds)) watched; MTBF ≥ \(Self.hours(m.lowerUs / 1e6)) (one-sided \(Int(confidence * 100))%)"
            }
            return "\(e.provider): \(e.interruptions) interruptions in \(Self.hours(e.timeAtRiskSeconds)); MTBF \(Self.hours(m.pointUs! / 1e6)) (\(Int(confidence * 100))% \(Self.hours(m.lowerUs / 1e6))–\(Self.hours(m.upperUs! / 1e6)))"
        }
        func interval(_ e: ProviderEvidence, _ k: Double) -> ClosedRange<Double> {
            let r = Double(e.interruptions) * k
            let t = e.timeAtRiskSeconds * k
            let alpha = 1 - confidence
            let low = r > 0 ? ChiSquared.quantile(alpha / 2, degreesOfFreedom: 2 * r) / (2 * t) : 0
            let high = ChiSquared.quantile(1 - alpha / 2, degreesOfFreedom: 2 * r + 2) / (2 * t)
            let p = e.provisionSeconds.isEmpty ? 0 : e.provisionSeconds.reduce(0, +) / Double(e.provisionSeconds.count)
            func time(_ rate: Double) -> Double {
                TrainingModel.expect(job, checkpointing: checkpointing, mtbfSeconds: rate > 0 ? 1 / rate : .infinity,
                                     provisionSeconds: p, waitSeconds: e.price.statedWaitSeconds).timeToResultSeconds
            }
            return time(low)...time(high)
        }
        func apart(_ k: Double) -> Bool { !interval(a, k).overlaps(interval(b, k)) }
        var k = 1.0
        while !apart(k) && k < 10_000 { k *= 2 }
        if apart(k) {
            var lower = k / 2
            var upper = k
            if k == 1 { lower = 1 }
            for _ in 0..<30 where upper - lower > 0.01 * upper {
                let mid = (lower + upper) / 2
                if apart(mid) { upper = mid } else { lower = mid }
            }
            watchNeededSeconds = max(a.timeAtRiskSeconds, b.timeAtRiskSeconds) * upper
        } else {
            watchNeededSeconds = nil
        }
        let verdict: String
        if let need = watchNeededSeconds {
            verdict = need <= max(a.timeAtRiskSeconds, b.timeAtRiskSeconds)
                ? "the data already separate \(a.provider) and \(b.provider) for \(job.name)"
                : "to tell \(a.provider) and \(b.provider) apart for \(job.name), watch both for about \(Self.hours(need)) (if the rates seen so far hold)"
        } else {
            verdict = "\(a.provider) and \(b.provider) cannot be told apart for \(job.name) at the rates seen so far"
        }
        summary = (observed + [verdict]).joined(separator: "; ")
    }

    static func hours(_ seconds: Double) -> String {
        if seconds >= 172_800 { return "\(Double(Int(seconds / 8640)) / 10) d" }
        if seconds >= 3600 { return "\(Double(Int(seconds / 360)) / 10) h" }
        if seconds >= 60 { return "\(Double(Int(seconds / 6)) / 10) min" }
        return "\(Double(Int(seconds * 10)) / 10) s"
    }
}
