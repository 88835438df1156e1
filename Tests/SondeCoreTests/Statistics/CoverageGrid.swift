#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#if !SONDE_SIMULATION_SCRIPT
@testable import SondeCore
#endif

/// The coverage grid of issue 23: known-truth coverage of the 95% variance-, IQR- and MAD-ratio
/// intervals of `SpreadComparison`, 1,000 values a side, over log-normal σ ∈ {0.1, 0.3, 0.5, 1.0}
/// × true variance ratio ∈ {1, 2, 5, 20}, the 2% spike mixture, the Markov slow-episode cases
/// (c) and (c'), and issue 23's opening case (a'): σ 1.0 against a σ 0.25 baseline. Shared by
/// the opt-in test `SpreadCoverageGridSimulationTests` and `scripts/stats/coverage-grid.sh`
/// (which compiles the Statistics sources with -O beside it: no whole-package release build).
enum CoverageGrid {
    /// One cell: a baseline and a candidate law whose spread ratios are known.
    struct Cell: Sendable {
        var name: String
        var baseline: MixtureLatencyModel
        var candidate: MixtureLatencyModel
        /// Whether the truth is "ordinary" in the sense of issue 23's warning bar
        /// (log-normal σ ≤ 0.5 on both sides, no spikes, no episodes).
        var ordinary: Bool
    }

    /// The cells in the order the docs' table lists them. A cell with variance ratio R at σ
    /// compares log-normal σ (candidate) with a baseline log-normal of the same σ whose scale
    /// is 1/√R, so the variance ratio is exactly R and the IQR and MAD ratios are √R.
    static var cells: [Cell] {
        var out: [Cell] = []
        for sigma in [0.1, 0.3, 0.5, 1.0] {
            for ratio in [1.0, 2, 5, 20] {
                out.append(Cell(name: "log-normal σ \(sigma), variance ratio \(Int(ratio))",
                                baseline: .logNormal(sigma: sigma, median: 1000 / ratio.squareRoot()),
                                candidate: .logNormal(sigma: sigma), ordinary: sigma <= 0.5))
            }
        }
        let base = MixtureLatencyModel.logNormal(sigma: 0.25)
        out.append(Cell(name: "2% spikes ×10 vs σ 0.25", baseline: base,
                        candidate: .mixture(sigma: 0.25, share: 0.02, factor: 10), ordinary: false))
        out.append(Cell(name: "(c) episodes 10%, ×3, mean 10", baseline: base,
                        candidate: .mixture(sigma: 0.25, share: 0.1, factor: 3, episode: 10), ordinary: false))
        out.append(Cell(name: "(c') episodes 1/6, ×3, mean 20", baseline: base,
                        candidate: .mixture(sigma: 0.25, share: 1.0 / 6, factor: 3, episode: 20), ordinary: false))
        // The case issue 23 opened with: a heavy-tailed candidate against a light baseline, so
        // the candidate alone carries the log ratio's uncertainty (old scenario (a')).
        out.append(Cell(name: "(a') log-normal σ 1.0 vs σ 0.25", baseline: base, candidate: .logNormal(sigma: 1.0),
                        ordinary: false))
        return out
    }

    /// What one repetition produced: whether each interval covered the truth, their widths, and
    /// the data features a warning could be built on.
    struct Outcome: Sendable {
        var covered: (variance: Bool, iqr: Bool, mad: Bool)
        var width: (variance: Double, iqr: Double, mad: Double)
        /// Block length of the moving-block bootstrap, 0 when iid.
        var blockLength: Int
        /// The larger of the two sides' robust log-scale spreads, 1.4826 · MAD(log x).
        var logSpread: Double
    }

    /// One repetition of a cell (seeded by cell index and repetition, so any cell can be rerun
    /// alone).
    static func run(_ cell: Cell, index: Int, rep: Int, n: Int = 1000, resamples: Int = 2000) -> Outcome {
        var rng = SeededGenerator(seed: 2300 + UInt64(index), stream: UInt64(rep))
        let b = cell.baseline.sample(n, &rng)
        let c = cell.candidate.sample(n, &rng)
        let r = SpreadComparison.compare(baseline: b, candidate: c, resamples: resamples, seed: UInt64(rep))
        let truth = (variance: cell.candidate.variance / cell.baseline.variance,
                     iqr: cell.candidate.iqr / cell.baseline.iqr, mad: cell.candidate.mad / cell.baseline.mad)
        var blockLength = 0
        if case .movingBlock(let l) = r.bootstrap { blockLength = l }
        return Outcome(
            covered: (r.varianceRatio.contains(truth.variance), r.iqrRatio.contains(truth.iqr), r.madRatio.contains(truth.mad)),
            width: (r.varianceRatio.upper - r.varianceRatio.lower, r.iqrRatio.upper - r.iqrRatio.lower,
                    r.madRatio.upper - r.madRatio.lower),
            blockLength: blockLength, logSpread: Swift.max(logSpread(b), logSpread(c)))
    }

    /// 1.4826 · MAD of log x: the σ of a log-normal, estimated robustly.
    static func logSpread(_ x: [Double]) -> Double {
        let logs = x.map { log($0) }.sorted()
        let m = Quantile.ofSorted(logs, 0.5)
        let dev = logs.map { abs($0 - m) }.sorted()
        return 1.4826 * Quantile.ofSorted(dev, 0.5)
    }

    /// Coverage and median widths of a cell over its outcomes.
    struct Summary: CustomStringConvertible {
        var reps: Int
        var variance: Double, iqr: Double, mad: Double
        var medianWidth: (variance: Double, iqr: Double, mad: Double)
        var blocks: Int

        init(_ outcomes: [Outcome]) {
            let count = outcomes.count
            reps = count
            func rate(_ f: (Outcome) -> Bool) -> Double { Double(outcomes.filter(f).count) / Double(Swift.max(1, count)) }
            func median(_ f: (Outcome) -> Double) -> Double {
                let w = outcomes.map(f).sorted()
                return w.isEmpty ? .nan : Quantile.ofSorted(w, 0.5)
            }
            variance = rate { $0.covered.variance }
            iqr = rate { $0.covered.iqr }
            mad = rate { $0.covered.mad }
            medianWidth = (median { $0.width.variance }, median { $0.width.iqr }, median { $0.width.mad })
            blocks = outcomes.filter { $0.blockLength > 0 }.count
        }

        var description: String {
            "reps \(reps): coverage variance \(variance), iqr \(iqr), mad \(mad); median width variance "
                + "\(medianWidth.variance), iqr \(medianWidth.iqr), mad \(medianWidth.mad); blocks in \(blocks)"
        }
    }
}
