#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Binomial and hypergeometric draws for resampling in a rank window (`QuantileWindow`): how
/// many of a bootstrap resample's (or a relabelling's) values fall below the window, without
/// drawing every value.
///
/// Method: inversion by chop-down search from the mode (Kachitvichyanukul & Schmeiser 1985,
/// the "inversion from the mode" of Devroye 1986, §X.1.3): the support is visited in the order
/// m, m+1, m−1, m+2, … and a uniform u is decremented by each probability until it is used up.
/// Any visiting order gives an exact draw; this one takes O(standard deviation) steps. The
/// probability at the mode comes from `lgamma` (relative error ~1e-8 at a million), the
/// others from the exact ratio of neighbouring probabilities.
enum DiscreteSampler {
    /// A draw from Binomial(`trials`, `probability`).
    static func binomial(_ trials: Int, _ probability: Double, _ rng: inout SeededGenerator) -> Int {
        if trials <= 0 || probability <= 0 { return 0 }
        if probability >= 1 { return trials }
        let n = Double(trials), q = probability, odds = q / (1 - q)
        let mode = Swift.min(trials, Int((n + 1) * q))
        let m = Double(mode)
        let logMode = lgamma(n + 1) - lgamma(m + 1) - lgamma(n - m + 1) + m * log(q) + (n - m) * log1p(-q)
        return chopDown(mode: mode, low: 0, high: trials, logPmfAtMode: logMode, rng: &rng,
                        up: { k in Double(trials - k) / Double(k + 1) * odds },
                        down: { k in Double(k) / Double(trials - k + 1) / odds })
    }

    /// A draw from the hypergeometric law: successes among `draws` taken without replacement
    /// from `population` items of which `successes` are successes.
    static func hypergeometric(population: Int, successes: Int, draws: Int, _ rng: inout SeededGenerator) -> Int {
        let big = population, good = successes, d = draws, bad = big - good
        let low = Swift.max(0, d - bad), high = Swift.min(good, d)
        if low >= high { return low }
        let mode = Swift.min(high, Swift.max(low, Int(Double(d + 1) * Double(good + 1) / Double(big + 2))))
        func logChoose(_ a: Int, _ b: Int) -> Double {
            lgamma(Double(a) + 1) - lgamma(Double(b) + 1) - lgamma(Double(a - b) + 1)
        }
        let logMode = logChoose(good, mode) + logChoose(bad, d - mode) - logChoose(big, d)
        return chopDown(mode: mode, low: low, high: high, logPmfAtMode: logMode, rng: &rng,
                        up: { k in Double(good - k) * Double(d - k) / (Double(k + 1) * Double(bad - d + k + 1)) },
                        down: { k in Double(k) * Double(bad - d + k) / (Double(good - k + 1) * Double(d - k + 1)) })
    }

    /// Inversion visiting mode, mode+1, mode−1, …: `up(k)` is P(k+1)/P(k), `down(k)` is P(k−1)/P(k).
    private static func chopDown(mode: Int, low: Int, high: Int, logPmfAtMode: Double, rng: inout SeededGenerator,
                                 up: (Int) -> Double, down: (Int) -> Double) -> Int {
        let atMode = exp(logPmfAtMode)
        var u = rng.unit() - atMode
        if u < 0 { return mode }
        var kUp = mode, pUp = atMode, kDown = mode, pDown = atMode
        // Stop once both tails are below any probability a double uniform can resolve: the
        // mass left (≤ 1e-8, from rounding at the mode) goes to the mode.
        let negligible = atMode * 1e-30
        while (kUp < high && pUp > negligible) || (kDown > low && pDown > negligible) {
            if kUp < high {
                pUp *= up(kUp)
                kUp += 1
                u -= pUp
                if u < 0 { return kUp }
            }
            if kDown > low {
                pDown *= down(kDown)
                kDown -= 1
                u -= pDown
                if u < 0 { return kDown }
            }
        }
        return mode
    }
}
