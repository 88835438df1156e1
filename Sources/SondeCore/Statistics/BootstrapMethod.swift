/// How a bootstrap resample is drawn from a series in time order.
public enum BootstrapMethod: Sendable, Codable, Equatable, Hashable {
    /// Independent draws with replacement (Efron & Tibshirani 1993): right when successive
    /// values are (nearly) uncorrelated.
    case iid
    /// Moving-block bootstrap (Künsch 1989) in its circular form (Politis & Romano 1992):
    /// blocks of `blockLength` consecutive values, starting anywhere and wrapping at the end
    /// of the series so every value is equally likely, are concatenated until the resample
    /// is as long as the series. Keeps serial dependence shorter than the block.
    case movingBlock(blockLength: Int)

    /// The method sonde uses for a comparison: the moving-block bootstrap for every series as
    /// soon as any of them shows a significant lag-1 autocorrelation (Bartlett's test at
    /// `level`), with a block length from `BlockLength.automatic(for:)`; iid otherwise.
    public static func automatic(for series: [[Double]], level: Double = 0.05) -> BootstrapMethod {
        let dependent = series.contains { s in
            Autocorrelation.isSignificant(lag1: Autocorrelation.lag1(s), n: s.count, level: level)
        }
        return dependent ? .movingBlock(blockLength: BlockLength.automatic(for: series)) : .iid
    }
}
