#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What a gate comparison could have seen: the smallest change of its metric that its test
/// detects with a given power, from the permutation distribution of the data at hand.
///
/// Method (a normal-shift power approximation, e.g. Cohen 1988 ch. 2, on the permutation test's
/// own scale): the test rejects "no increase" when T = log θ̂_c − log θ̂_b exceeds the critical
/// value c↑, the (1 − level) quantile of the relabelled statistics T* (type 7; `LabelPermutation`);
/// under a true change Δ = log(1 + change), T ≈ Δ + N(0, s²), with s the standard deviation of
/// T* (the sampling spread of T when both sides come from the pooled law; a change of scale
/// leaves it unchanged on the log scale). A rule `max_increase: L` fails iff T > log(1 + L) and
/// T > c↑, so it fails with probability `power` once Δ = max(c↑, log(1 + L)) + Φ⁻¹(power)·s.
/// Validated by simulation in docs/statistics.md ("What a pass can see").
public struct DetectableChange: Sendable, Codable, Equatable {
    /// The power the figures are for, e.g. 0.8.
    public var power: Double
    /// Standard deviation of the relabelled log ratios T*.
    public var spread: Double
    /// The permutation test's critical log ratio for an increase (c↑ > 0) and for a decrease (c↓ < 0).
    public var criticalIncrease: Double
    public var criticalDecrease: Double
    /// Values a side in the data the figures come from.
    public var baselineCount: Int
    public var candidateCount: Int

    /// The default power of the gate's detectable-change figures.
    public static let defaultPower = 0.8

    /// From the relabelled log ratios `replicates` (NaNs left out) of a test at one-sided `level`.
    /// Nil when fewer than two replicates are finite or they do not vary.
    public init?(replicates: [Double], level: Double, power: Double = DetectableChange.defaultPower,
                 baselineCount: Int, candidateCount: Int) {
        precondition(power > 0 && power < 1, "Power must lie in (0, 1)")
        let kept = replicates.filter(\.isFinite).sorted()
        guard kept.count >= 2 else { return nil }
        let mean = kept.reduce(0, +) / Double(kept.count)
        let sd = (kept.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(kept.count - 1)).squareRoot()
        guard sd > 0, sd.isFinite else { return nil }
        self.power = power
        spread = sd
        criticalIncrease = Quantile.ofSorted(kept, 1 - level)
        criticalDecrease = Quantile.ofSorted(kept, level)
        self.baselineCount = baselineCount
        self.candidateCount = candidateCount
    }

    /// From a test whose statistic T is read on a known law rather than relabelled (the mean
    /// rule's batch-means t test): `spread` its standard error, the critical values its
    /// one-sided rejection thresholds on the log scale. Nil when the spread is not positive.
    public init?(spread: Double, criticalIncrease: Double, criticalDecrease: Double,
                 power: Double = DetectableChange.defaultPower, baselineCount: Int, candidateCount: Int) {
        precondition(power > 0 && power < 1, "Power must lie in (0, 1)")
        guard spread > 0, spread.isFinite, criticalIncrease.isFinite, criticalDecrease.isFinite else { return nil }
        self.power = power
        self.spread = spread
        self.criticalIncrease = criticalIncrease
        self.criticalDecrease = criticalDecrease
        self.baselineCount = baselineCount
        self.candidateCount = candidateCount
    }

    /// The smallest relative increase (0.14 for +14%) that the test alone (no limit) detects with
    /// `power`: exp(c↑ + Φ⁻¹(power)·s) − 1.
    public var testIncrease: Double { exp(criticalIncrease + NormalDistribution.quantile(power) * spread) - 1 }

    /// The smallest relative decrease (0.12 for −12%) the test alone detects with `power`.
    public var testDecrease: Double { 1 - exp(criticalDecrease - NormalDistribution.quantile(power) * spread) }

    /// The smallest change that fails a rule with this limit with probability `power`: an
    /// increase for `maxIncrease`, a decrease (as a positive share) for `maxDecrease`; nil for an
    /// absolute ceiling.
    public func forRule(_ limit: GateRules.Limit) -> Double? {
        let z = NormalDistribution.quantile(power)
        switch limit {
        case let .maxIncrease(allowed):
            return exp(Swift.max(criticalIncrease, log1p(allowed)) + z * spread) - 1
        case let .maxDecrease(allowed):
            guard allowed < 1 else { return nil }
            return 1 - exp(Swift.min(criticalDecrease, log1p(-allowed)) - z * spread)
        case .max:
            return nil
        }
    }

    /// Whether the test resolves a change as small as the rule's own limit with `power`: false when
    /// the samples are too few (or too noisy) for the limit to be what decides.
    public func resolves(_ limit: GateRules.Limit) -> Bool {
        switch limit {
        case let .maxIncrease(allowed): testIncrease <= allowed
        case let .maxDecrease(allowed): testDecrease <= allowed
        case .max: true
        }
    }

    /// Values a side needed (equal sizes) for the test alone to detect a relative `change`
    /// (+0.10 or −0.10) with `power`, scaling this test's spread and critical value as 1/√n,
    /// as for any asymptotically normal statistic: n = n̄·((|c| + Φ⁻¹(power)·s) / |log(1 + change)|)²,
    /// n̄ the harmonic-mean size of the two sides (s² ∝ 1/n_b + 1/n_c). Nil for a zero change.
    public func samplesPerSide(toDetect change: Double) -> Int? {
        let target = abs(log1p(change))
        guard target > 0, target.isFinite else { return nil }
        let critical = change >= 0 ? criticalIncrease : -criticalDecrease
        let needed = Swift.max(0, critical) + NormalDistribution.quantile(power) * spread
        let current = 2 / (1 / Double(baselineCount) + 1 / Double(candidateCount))
        return Int((current * (needed / target) * (needed / target)).rounded(.up))
    }
}
