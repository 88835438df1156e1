extension SpreadComparison {
    /// Batches a side of the grouped-jackknife interval that widens the block bootstrap's.
    static let jackknifeBatches = 10

    /// Under serial dependence: each end of the block bootstrap's interval moved out to the
    /// grouped-jackknife t interval's (`BatchJackknife.ratioInterval`, 10 batches a side, with
    /// the end on the skewed side moved out by the BCa acceleration of the batch jackknife,
    /// `BatchJackknife.acceleratedEnds`) where that one reaches farther.
    ///
    /// Why both: the moving-block bootstrap's variance is biased low by a share of order
    /// 1/(block length), and the windows with few slow episodes also look less dependent, get
    /// shorter blocks and so the narrowest intervals; under the Markov episodes of the coverage
    /// grid its percentile intervals covered the IQR ratio 0.92 in case (c) and 0.845 in (c'),
    /// the MAD ratio 0.925 and 0.885. The batch jackknife's long batches have little of that
    /// bias and its t quantile carries the noise of a ten-batch variance, but it is coarse on
    /// its own (0.845–0.94 there). Their farther ends covered (c) 0.955 and 0.945, (c') 0.875
    /// and 0.93, over the same 200 windows at 13–15% more median width (docs/statistics.md,
    /// "Coverage grid"). Independent values keep the bootstrap interval alone.
    ///
    /// The variance ratio is widened too (since 2026-12-05), but only when its studentized
    /// interval was stable: where it fell back to BCa one extreme value dominates, its batch's
    /// leave-out variance is an outlier and the jackknife interval explodes (the regression
    /// case with blocks of 25 forced reached 264 against a bound of 91). A window with few
    /// episodes understates the variance and its uncertainty alike, and the acceleration (its
    /// jackknife values skewed by the batches that hold episodes) moves the upper end out:
    /// over 2,000 windows (c') went from 0.911 to 0.93 and (c) from 0.935 to 0.95
    /// (docs/statistics.md, "Slow episodes and heavy tails").
    static func widenedByBatches(
        _ interval: RatioEstimate, baseline: [Double], candidateGroups: [[Double]], confidence: Double,
        statistic: BatchJackknife.Statistic
    ) -> RatioEstimate {
        guard let batched = BatchJackknife.ratioInterval(
            baseline: baseline, candidateGroups: candidateGroups, batches: jackknifeBatches, confidence: confidence,
            statistic: statistic, accelerated: true) else { return interval }
        return RatioEstimate(point: interval.point, lower: Swift.min(interval.lower, batched.lower),
                             upper: Swift.max(interval.upper, batched.upper))
    }
}
