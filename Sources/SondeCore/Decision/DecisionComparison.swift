/// Whether one provider is faster or cheaper than another for a workload, and by how much.
///
/// Method: the ratio A/B of index-aligned draws of two `TrainingEstimate`s (independent
/// streams), and its percentile interval. "12–31% cheaper" is 1 − the ratio's interval; an
/// interval that straddles 1 is "not distinguishable".
public struct DecisionComparison: Sendable, Equatable {
    /// What is compared.
    public enum Measure: String, Sendable, Codable {
        case timeToResult = "time_to_result"
        case cost
    }

    /// The comparison's outcome for A against B.
    public enum Verdict: String, Sendable, Codable {
        case better
        case worse
        case notDistinguishable = "not_distinguishable"
    }

    /// What is compared.
    public var measure: Measure
    /// The provider compared (A).
    public var a: String
    /// The provider compared with (B).
    public var b: String
    /// A/B at the point estimates.
    public var ratio: Double
    /// The ratio's interval.
    public var interval: ClosedRange<Double>
    /// Confidence level of `interval`.
    public var confidence: Double
    /// Better, worse, or not distinguishable, from `interval`.
    public var verdict: Verdict

    /// Compares `a` with `b` on `measure`.
    public init(_ a: TrainingEstimate, _ b: TrainingEstimate, measure: Measure) {
        self.measure = measure
        self.a = a.provider
        self.b = b.provider
        confidence = a.confidence
        let (pa, pb, da, db) = measure == .cost
            ? (a.point.cost, b.point.cost, a.costDraws, b.costDraws)
            : (a.point.timeToResultSeconds, b.point.timeToResultSeconds, a.timeDraws, b.timeDraws)
        ratio = pa / pb
        // Two jobs that both practically never finish (∞/∞) are not told apart.
        let ratios = zip(da, db).map { $0.isInfinite && $1.isInfinite ? 1 : $0 / $1 }
        let low = (1 - confidence) / 2
        interval = TrainingEstimate.percentile(ratios, low)...TrainingEstimate.percentile(ratios, 1 - low)
        verdict = interval.upperBound < 1 ? .better : interval.lowerBound > 1 ? .worse : .notDistinguishable
    }

    /// "akash: cheaper, 95% interval 12–31% cheaper than aws", or "not distinguishable".
    public var summary: String {
        let (better, worse) = measure == .cost ? ("cheaper", "more expensive") : ("sooner", "later")
        let level = "\(Int((confidence * 100).rounded()))%"
        switch verdict {
        case .better:
            return "\(a) vs \(b): \(better), \(level) interval \(percent(1 - interval.upperBound))–\(percent(1 - interval.lowerBound))% \(better)"
        case .worse:
            return "\(a) vs \(b): \(worse), \(level) interval \(percent(interval.lowerBound - 1))–\(percent(interval.upperBound - 1))% \(worse)"
        case .notDistinguishable:
            return "\(a) vs \(b): not distinguishable (\(level) interval of the ratio \(fixed(interval.lowerBound))–\(fixed(interval.upperBound)))"
        }
    }

    // A job that practically never finishes makes a ratio infinite or beyond Int: those are
    // written by the report formatter ("inf") instead of trapping in Int(_:).
    private func percent(_ share: Double) -> String {
        abs(share) < 1e15 ? String(Int((share * 100).rounded())) : NumberFormat.fixed(share * 100, digits: 0)
    }
    private func fixed(_ value: Double) -> String {
        abs(value) < 1e15 ? String(Double(Int((value * 100).rounded())) / 100) : NumberFormat.fixed(value, digits: 2)
    }
}
