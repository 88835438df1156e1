/// A ratio (candidate statistic / baseline statistic) with a bootstrap confidence interval.
public struct RatioEstimate: Sendable, Codable, Equatable {
    /// The ratio on the observed samples.
    public var point: Double
    /// Lower end of the bootstrap confidence interval (percentile, Efron & Tibshirani 1993
    /// §13.3, or studentized, ch. 12, as the producing function documents).
    public var lower: Double
    /// Upper end of the bootstrap confidence interval.
    public var upper: Double

    /// A ratio estimate from its parts.
    public init(point: Double, lower: Double, upper: Double) {
        self.point = point
        self.lower = lower
        self.upper = upper
    }

    /// Whether `value` lies inside the closed interval.
    public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }
}
