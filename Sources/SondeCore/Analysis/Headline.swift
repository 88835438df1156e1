/// The one-sentence summary at the top of every report, e.g. "DePIN latency variance is 5.3x the
/// centralized baseline (95% CI 4.4–6.4x; Brown–Forsythe p < 0.001); throughput within 7%".
/// Every number comes from the comparisons. When one provider drives the pooled DePIN ratio
/// (`PooledLeaveOneOut`) the sentence names it: "…, driven by depin-tail (3.9x without it)".
enum Headline {
    static func sentence(comparisons: [Comparison], baseline: Provider, options: AnalysisOptions,
                         leaveOneOut: PooledLeaveOneOut? = nil) -> String {
        let level = Format.fixed(options.confidence * 100, 0)
        guard let subject = comparisons.first(where: { $0.subject == .depinPooled })
            ?? comparisons.first(where: { $0.subject == .provider }) else {
            return "No provider could be compared with the baseline \(baseline.name)."
        }
        let who = subject.subject == .depinPooled ? "DePIN latency variance" : "\(subject.name)'s latency variance"
        let v = subject.spread.varianceRatio
        var sentence = "\(who) is \(Format.times(v.point))x the \(baseline.kind.rawValue) baseline \(baseline.name) "
        sentence += "(\(level)% CI \(Format.times(v.lower))–\(Format.times(v.upper))x; Brown–Forsythe \(Format.pValue(subject.spread.brownForsythePValue)))"
        if subject.subject == .depinPooled, let driver = leaveOneOut?.driver {
            sentence += ", " + driverPhrase(driver)
        }
        if let t = subject.throughputRatio {
            sentence += "; " + throughputPhrase(t, level: level)
        }
        return sentence
    }

    /// "driven by depin-tail (3.9x without it)".
    static func driverPhrase(_ driver: PooledLeaveOneOut.Member) -> String {
        "driven by \(driver.provider) (\(Format.times(driver.ratioWithout))x without it)"
    }

    /// "throughput within 7%" when the difference is small or not significant, else the direction.
    static func throughputPhrase(_ ratio: RatioEstimate, level: String) -> String {
        let change = ratio.point - 1
        let interval = "\(level)% CI \(Format.fixed(ratio.lower, 2))–\(Format.fixed(ratio.upper, 2))x"
        if ratio.contains(1) || abs(change) < 0.1 {
            let bound = max(abs(ratio.lower - 1), abs(ratio.upper - 1))
            return "throughput within \(Format.fixed(bound * 100, 0))% of the baseline (\(interval))"
        }
        let direction = change < 0 ? "lower" : "higher"
        return "throughput \(Format.fixed(abs(change) * 100, 0))% \(direction) (\(interval))"
    }
}
