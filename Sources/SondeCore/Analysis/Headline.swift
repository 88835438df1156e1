/// The one-sentence summary at the top of every report, e.g. "DePIN latency variance is 5.3x the
/// centralized baseline (95% CI 4.4–6.4x; Brown–Forsythe p < 0.001); throughput within 7%".
/// Every number comes from the comparisons.
enum Headline {
    static func sentence(comparisons: [Comparison], baseline: Provider, options: AnalysisOptions) -> String {
        let level = Format.fixed(options.confidence * 100, 0)
        guard let subject = comparisons.first(where: { $0.subject == .depinPooled })
            ?? comparisons.first(where: { $0.subject == .provider }) else {
            return "No provider could be compared with the baseline \(baseline.name)."
        }
        let who = subject.subject == .depinPooled ? "DePIN latency variance" : "\(subject.name)'s latency variance"
        let v = subject.spread.varianceRatio
        var sentence = "\(who) is \(Format.times(v.point))x the \(baseline.kind.rawValue) baseline \(baseline.name) "
        sentence += "(\(level)% CI \(Format.times(v.lower))–\(Format.times(v.upper))x; Brown–Forsythe \(Format.pValue(subject.spread.brownForsythePValue)))"
        if let t = subject.throughputRatio {
            sentence += "; " + throughputPhrase(t, level: level)
        }
        return sentence
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
