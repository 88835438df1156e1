/// A spread measure a gate rule can limit, following sonde's statistics conventions.
public enum SpreadMeasure: String, Sendable, Codable, CaseIterable {
    /// Sample variance (n − 1).
    case variance
    /// Interquartile range p75 − p25 (type-7 quantiles).
    case iqr
    /// Unscaled median absolute deviation from the median.
    case mad
}
