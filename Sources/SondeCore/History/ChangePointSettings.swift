/// How change points are searched for and how strict their significance test is.
///
/// The default keeps the family-wise false-alarm rate of one history report at `familyAlpha`
/// (1%): every series in the report (each provider × metric) is tested at the Bonferroni level
/// `familyAlpha / seriesCount`. On a series without a change, the first (and only) test of the
/// hierarchical search is a permutation test at that level, so the series raises a false alarm
/// with probability at most that level, and the report with probability at most `familyAlpha`
/// whatever the dependence between series (Bonferroni needs no independence).
public struct ChangePointSettings: Sendable, Equatable, Codable {
    /// The false-alarm rate allowed for the whole report.
    public var familyAlpha: Double
    /// Series tested together in the report (providers × metrics); at least 1.
    public var seriesCount: Int
    /// Permutations per test; by default enough to resolve the per-series level ten times over.
    public var permutations: Int
    /// Fewest runs on either side of a change point.
    public var minimumSegment: Int
    /// Confidence of the interval on each change's size.
    public var confidence: Double
    /// Seed of the permutations: the same seed and series give the same change points.
    public var seed: UInt64
    /// Longest series tested run by run. A longer one (a month of 5-minute runs is 8,640) is
    /// tested on the medians of consecutive blocks of ⌈n / maximumPoints⌉ runs, and each change
    /// found is then placed at a run by the largest Q̂ within a block of it: a permutation costs
    /// O(n²), and a significant split at 36 series needs 36,000 of them (see `ChangePointDetector`).
    public var maximumPoints: Int

    /// Settings for a report of `seriesCount` series. `permutations` defaults to
    /// max(199, ⌈10 / level⌉ − 1): the smallest attainable p-value, 1 / (R + 1), is then a tenth of
    /// the level, so the Monte Carlo test loses little power against the exact one.
    public init(familyAlpha: Double = 0.01, seriesCount: Int = 1, permutations: Int? = nil,
                minimumSegment: Int = 5, confidence: Double = 0.95, seed: UInt64 = 0x5EED_C4A6,
                maximumPoints: Int = 240) {
        precondition(familyAlpha > 0 && familyAlpha < 1 && seriesCount >= 1 && minimumSegment >= 2)
        precondition(confidence > 0 && confidence < 1)
        self.familyAlpha = familyAlpha
        self.seriesCount = seriesCount
        let level = familyAlpha / Double(seriesCount)
        self.permutations = permutations ?? Swift.max(199, Int((10 / level).rounded(.up)) - 1)
        precondition(self.permutations >= 19, "too few permutations for any test")
        self.minimumSegment = minimumSegment
        self.confidence = confidence
        self.seed = seed
        precondition(maximumPoints >= 4 * minimumSegment, "blocks too coarse to hold two segments")
        self.maximumPoints = maximumPoints
    }

    /// Runs per tested point for a series of `count` runs: 1 up to `maximumPoints` runs, else
    /// ⌈count / maximumPoints⌉.
    public func blockSize(count: Int) -> Int {
        count <= maximumPoints ? 1 : (count + maximumPoints - 1) / maximumPoints
    }

    /// The level at which each series is tested: `familyAlpha / seriesCount` (Bonferroni).
    public var seriesLevel: Double { familyAlpha / Double(seriesCount) }
}
