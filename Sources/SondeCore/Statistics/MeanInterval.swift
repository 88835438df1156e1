/// Percentile bootstrap interval of a mean (Efron & Tibshirani 1993, ch. 13): `resamples`
/// i.i.d. resamples drawn from a `SeededGenerator`, so a seed reproduces the interval exactly.
/// Suited to a handful of independent repeats (bandwidth transfers), not to autocorrelated series.
public enum MeanInterval {
    /// The interval of the mean of `values` at `confidence`; `nil` for fewer than two values.
    public static func bootstrap(_ values: [Double], confidence: Double = 0.95, resamples: Int = 2000,
                                 seed: UInt64 = 0x5eed) -> (lower: Double, upper: Double)? {
        guard values.count >= 2 else { return nil }
        var generator = SeededGenerator(seed: seed)
        var means: [Double] = []
        means.reserveCapacity(resamples)
        for _ in 0..<resamples {
            var sum = 0.0
            for _ in 0..<values.count { sum += values[generator.index(below: values.count)] }
            means.append(sum / Double(values.count))
        }
        return Bootstrap.percentileInterval(means, confidence: confidence)
    }
}
