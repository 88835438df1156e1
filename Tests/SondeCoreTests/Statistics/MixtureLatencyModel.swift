#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#if !SONDE_SIMULATION_SCRIPT
@testable import SondeCore
#endif

/// A latency model for the coverage simulation: a mixture of log-normal components
/// (weight, μ, σ), optionally with the component chosen by a two-state Markov chain so that
/// slow episodes last many samples. Its marginal law, and so every true spread value, is
/// the mixture, known in closed form (moments) or by bisection on the CDF (quantiles, MAD).
struct MixtureLatencyModel: Sendable {
    struct Component: Sendable {
        var weight: Double
        var mu: Double
        var sigma: Double
    }

    var components: [Component]
    /// For two components: P(stay in component 0) and P(stay in component 1) per sample.
    /// nil: components drawn independently for each sample.
    var stay: (Double, Double)?

    static func logNormal(sigma: Double, median: Double = 1000) -> MixtureLatencyModel {
        MixtureLatencyModel(components: [Component(weight: 1, mu: log(median), sigma: sigma)], stay: nil)
    }

    /// A fraction `share` of samples multiplied by `factor`, independently (spikes) or in
    /// episodes of mean length `episode` (Markov-modulated).
    static func mixture(sigma: Double, share: Double, factor: Double, episode: Double? = nil) -> MixtureLatencyModel {
        let mu = log(1000.0)
        let comps = [Component(weight: 1 - share, mu: mu, sigma: sigma),
                     Component(weight: share, mu: mu + log(factor), sigma: sigma)]
        guard let episode else { return MixtureLatencyModel(components: comps, stay: nil) }
        // Leave the slow state with probability 1/episode; enter it so its stationary share is `share`.
        let exitSlow = 1 / episode
        let enterSlow = exitSlow * share / (1 - share)
        return MixtureLatencyModel(components: comps, stay: (1 - enterSlow, 1 - exitSlow))
    }

    /// `n` samples in time order; a Markov chain starts in its stationary law.
    func sample(_ n: Int, _ rng: inout SeededGenerator) -> [Double] {
        var out = [Double](repeating: 0, count: n)
        var state = pick(&rng)
        for i in 0..<n {
            if let (stay0, stay1) = stay, i > 0 {
                let u = rng.unit()
                state = state == 0 ? (u < stay0 ? 0 : 1) : (u < stay1 ? 1 : 0)
            } else if stay == nil {
                state = pick(&rng)
            }
            let c = components[state]
            out[i] = exp(c.mu + c.sigma * rng.normal())
        }
        return out
    }

    private func pick(_ rng: inout SeededGenerator) -> Int {
        var u = rng.unit()
        for (i, c) in components.enumerated() {
            if u < c.weight { return i }
            u -= c.weight
        }
        return components.count - 1
    }

    // MARK: true values

    var variance: Double {
        var m1 = 0.0, m2 = 0.0
        for c in components {
            m1 += c.weight * exp(c.mu + c.sigma * c.sigma / 2)
            m2 += c.weight * exp(2 * c.mu + 2 * c.sigma * c.sigma)
        }
        return m2 - m1 * m1
    }

    func cdf(_ x: Double) -> Double {
        guard x > 0 else { return 0 }
        return components.reduce(0) { $0 + $1.weight * NormalDistribution.cdf((log(x) - $1.mu) / $1.sigma) }
    }

    /// Smallest root of `f` increasing on (lo, hi), by bisection to machine precision.
    static func bisect(_ lo: Double, _ hi: Double, _ f: (Double) -> Double) -> Double {
        var lo = lo, hi = hi
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if mid == lo || mid == hi { break }
            if f(mid) < 0 { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    func quantile(_ p: Double) -> Double { Self.bisect(0, 1e9) { cdf($0) - p } }

    var iqr: Double { quantile(0.75) - quantile(0.25) }

    var mad: Double {
        let m = quantile(0.5)
        return Self.bisect(0, 1e9) { d in cdf(m + d) - cdf(m - d) - 0.5 }
    }

    var tailSpread: Double { quantile(0.99) / quantile(0.5) }
}
