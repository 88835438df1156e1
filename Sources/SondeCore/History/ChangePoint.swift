/// A significant change in a per-run series, found by `ChangePointDetector`.
public struct ChangePoint: Sendable, Equatable, Codable {
    /// Index (0-based, into the series given) of the first run after the change.
    public var index: Int
    /// The E-divisive statistic Q̂ of the split.
    public var statistic: Double
    /// Permutation p-value: (1 + exceedances) / (1 + permutations drawn).
    public var pValue: Double
    /// Permutations drawn for the test that accepted this change point.
    public var permutations: Int
    /// The segment before the change (from the previous change point or the start).
    public var before: Segment
    /// The segment after the change (to the next change point or the end).
    public var after: Segment
    /// The size of the change: after − before, with its interval.
    public var shift: ShiftEstimate
    /// Runs per tested point when the series was longer than `ChangePointSettings.maximumPoints`
    /// and was tested on block medians (`statistic`, `pValue` and `permutations` are then the
    /// block series'; `index`, the segments and the shift are in runs); `nil` when tested run by run.
    public var blockSize: Int?

    /// A run of the series between change points.
    public struct Segment: Sendable, Equatable, Codable {
        /// Index of the segment's first run.
        public var start: Int
        /// Runs in the segment.
        public var count: Int
        /// Median of the segment's values.
        public var median: Double

        /// A segment starting at `start` with `count` runs and the given median.
        public init(start: Int, count: Int, median: Double) {
            self.start = start
            self.count = count
            self.median = median
        }
    }

    /// Median after over median before; `nil` when the median before is not positive.
    public var ratio: Double? { before.median > 0 ? after.median / before.median : nil }
}
