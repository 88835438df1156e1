/// What the heartbeat probe measured about one provider's interruptions, as a training verdict
/// carries it: typed facts, worded once by `phrase`.
public struct InterruptionRisk: Sendable, Codable, Equatable {
    public var interruptions: Int
    /// Heartbeat-observed time, µs.
    public var observedUs: Double
    /// MTBF point estimate, µs; `nil` with no interruption (only a lower bound).
    public var mtbfUs: Double?
    /// Lower end of the MTBF interval (the one-sided bound with no interruption), µs.
    public var mtbfLowerUs: Double
    /// Upper end of the MTBF interval, µs, when there is one.
    public var mtbfUpperUs: Double?
    /// Confidence level of the interval.
    public var confidence: Double
    /// Length of the configured job, µs.
    public var jobUs: Double
    /// Probability the job runs uninterrupted without checkpoints.
    public var uninterruptedProbability: Double

    /// The facts of `row`, when it has checkpoint advice (it has, once observed).
    public init?(_ row: AvailabilityAnalysis.Row, confidence: Double) {
        guard let advice = row.advice else { return nil }
        interruptions = row.interruptions
        observedUs = row.observedUs
        mtbfUs = row.mtbf.upperUs == nil ? nil : row.mtbf.pointUs
        mtbfLowerUs = row.mtbf.lowerUs
        mtbfUpperUs = row.mtbf.pointUs == nil ? nil : row.mtbf.upperUs
        self.confidence = confidence
        jobUs = Double(advice.job.length.microseconds)
        uninterruptedProbability = advice.completionProbabilityWithoutCheckpoints
    }

    /// "2 interruptions in 1.0 min; MTBF 30 s (95% CI 8.1 s–4 min); a 1.0 h job runs uninterrupted with probability 0.00".
    public var phrase: String {
        let level = "\(Format.fixed(confidence * 100, 0))%"
        var risk = "\(interruptions) interruption\(interruptions == 1 ? "" : "s") in \(VarianceAnalysis.hours(observedUs)); "
        if let point = mtbfUs, let upper = mtbfUpperUs {
            risk += "MTBF \(VarianceAnalysis.hours(point)) (\(level) CI \(VarianceAnalysis.hours(mtbfLowerUs))–\(VarianceAnalysis.hours(upper)))"
        } else {
            risk += "MTBF ≥ \(VarianceAnalysis.hours(mtbfLowerUs)) (\(level) lower bound)"
        }
        return risk + "; a \(VarianceAnalysis.hours(jobUs)) job runs uninterrupted with probability "
            + Format.fixed(uninterruptedProbability, 2)
    }

    /// The wording when no heartbeat measured the provider.
    public static let unknownPhrase = "interruption risk unknown (no availability data)"
}

extension VarianceAnalysis {
    /// A time in the largest unit that keeps it readable: `850 ms`, `12.5 s`, `47 min`, `3.2 h`.
    static func hours(_ us: Double) -> String {
        let s = us / 1e6
        if s < 1 { return "\(Format.fixed(us / 1000, 0)) ms" }
        if s < 60 { return "\(Format.fixed(s, 1)) s" }
        if s < 3600 { return "\(Format.fixed(s / 60, 0)) min" }
        return "\(Format.fixed(s / 3600, 1)) h"
    }
}
