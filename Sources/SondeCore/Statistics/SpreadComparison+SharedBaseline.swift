/// The baseline's bootstrap replicates, drawn once per resampling scheme and reused by every
/// comparison with that baseline (issue 17: a report compares each provider, each region and
/// the DePIN groups with one baseline, and redrew its million values for each). Replicate `b` of
/// a side depends only on the seed, the side and `b` (`Bootstrap.generator`), so a comparison
/// made with a shared side equals the one made with a fresh side exactly.
final class SharedBaselineResamples {
    let baseline: [Double]
    let resamples: Int
    let seed: UInt64
    private var sides: [BootstrapMethod: SpreadComparison.Side] = [:]

    init(baseline: [Double], resamples: Int, seed: UInt64) {
        self.baseline = baseline
        self.resamples = resamples
        self.seed = seed
    }

    /// The baseline's side under `method`, drawn on first use.
    func side(_ method: BootstrapMethod) -> SpreadComparison.Side {
        if let side = sides[method] { return side }
        let side = SpreadComparison.Side(groups: [baseline], method: method, index: 0, resamples: resamples, seed: seed)
        sides[method] = side
        return side
    }
}

extension SpreadComparison {
    /// `compare(baseline:candidateGroups:resamples:confidence:seed:)` with the baseline's
    /// replicates taken from `shared` (its baseline, resample count and seed): the same result.
    static func compare(sharing shared: SharedBaselineResamples, candidateGroups: [[Double]], confidence: Double) -> SpreadComparison {
        compareWithMedian(sharing: shared, candidateGroups: candidateGroups, confidence: confidence).spread
    }

    /// `compare(sharing:candidateGroups:confidence:)` and the type-7 median of the pooled
    /// candidate groups, read from the sorted values the candidate's side keeps (the value a
    /// selection in a copy of the pooled groups gives, without that copy: issue 17).
    static func compareWithMedian(sharing shared: SharedBaselineResamples, candidateGroups: [[Double]],
                                  confidence: Double) -> (spread: SpreadComparison, candidateMedian: Double) {
        let groups = candidateGroups.filter { !$0.isEmpty }
        precondition(shared.baseline.count >= 2 && groups.reduce(0, { $0 + $1.count }) >= 2, "Spread comparison needs two values a side")
        precondition(shared.resamples > 0, "Need at least one resample")
        let method = BootstrapMethod.automatic(for: [shared.baseline] + groups)
        let base = shared.side(method)
        let candidate = Side(groups: groups, method: method, index: 1, resamples: shared.resamples, seed: shared.seed)
        let median = Quantile.ofSorted(candidate.sorted, 0.5)
        let spread = assemble(baseline: shared.baseline, base: base, candidateGroups: groups, method: method,
                              resamples: shared.resamples, confidence: confidence, seed: shared.seed, candidate: candidate)
        return (spread, median)
    }
}
