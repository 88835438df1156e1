#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Fisher's exact test of a 2×2 table (Fisher 1922; as scipy.stats.fisher_exact): with the
/// row and column totals fixed, the top-left count is hypergeometric under independence, and
/// the p-value sums the probabilities of the tables at least as extreme as the one observed.
///
/// The table is `[[a, b], [c, d]]`: row one is the first group (e.g. the baseline's requests
/// meeting the SLO, `a`, and missing it, `b`), row two the second group.
public enum FisherExact {
    /// Which tables count as at least as extreme.
    public enum Alternative: Sendable, Equatable {
        /// Odds ratio above one: the first row's share in the first column is larger (P(X ≥ a)).
        case greater
        /// Odds ratio below one (P(X ≤ a)).
        case less
        /// Either way: the tables no more probable than the observed one (scipy's rule, with its
        /// relative tolerance of 1e-7 so that ties in floating point count as ties).
        case twoSided
    }

    /// The p-value of `[[a, b], [c, d]]` under `alternative`; 1 when a margin is empty.
    public static func pValue(_ a: Int, _ b: Int, _ c: Int, _ d: Int, alternative: Alternative) -> Double {
        precondition(a >= 0 && b >= 0 && c >= 0 && d >= 0, "Counts must not be negative")
        let row1 = a + b, col1 = a + c, n = a + b + c + d
        guard row1 > 0, c + d > 0, col1 > 0, b + d > 0 else { return 1 }
        // X = top-left count ranges over [max(0, row1 + col1 − n), min(row1, col1)].
        let low = max(0, row1 + col1 - n), high = min(row1, col1)
        let base = logChoose(n, col1)
        func probability(_ x: Int) -> Double {
            exp(logChoose(row1, x) + logChoose(n - row1, col1 - x) - base)
        }
        let p: Double
        switch alternative {
        case .greater: p = (a...high).reduce(0) { $0 + probability($1) }
        case .less: p = (low...a).reduce(0) { $0 + probability($1) }
        case .twoSided:
            let observed = probability(a)
            p = (low...high).reduce(0) { sum, x in
                let px = probability(x)
                return px <= observed * (1 + 1e-7) ? sum + px : sum
            }
        }
        return min(1, p)
    }

    /// log(n choose k) through lgamma.
    static func logChoose(_ n: Int, _ k: Int) -> Double {
        lgamma(Double(n) + 1) - lgamma(Double(k) + 1) - lgamma(Double(n - k) + 1)
    }
}
