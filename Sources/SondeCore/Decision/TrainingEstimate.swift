#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Expected time to result and cost of one training job on one provider, with intervals that
/// carry the uncertainty of the measured inputs.
///
/// Method: `resamples` joint draws of the two measured inputs, pushed through `TrainingModel`
/// (with Daly's interval re-chosen at each drawn MTBF), and the percentile interval of the
/// results. The interruption rate is drawn from the mid-p confidence distribution of a Poisson
/// rate (Lancaster 1961; Berry & Armitage 1995): with r interruptions in time T, 2λT is χ²(2r) or
/// χ²(2r+2) with equal probability, the two distributions whose quantiles give the exact
/// interval of `MTBFEstimate` (χ²(0) is 0: with no interruption, half the draws are "never
/// interrupted"). The exact interval's own ends would cover ~99% at a few interruptions; the
/// mid-p mixture is the one that covers near 95% (Tests/SondeCoreTests/Decision/
/// DecisionCoverageSimulationTests.swift). The mean time to provision is Efron's bootstrap of
/// the measured times. A stated wait is added as stated, without uncertainty.
public struct TrainingEstimate: Sendable, Equatable {
    /// The provider's configured name.
    public var provider: String
    /// The training workload's name.
    public var workload: String
    /// Whether the job checkpoints every Daly interval (false: the "hour 38 of 40" case).
    public var checkpointing: Bool
    /// At the point estimates (MTBF = T/r, or never interrupted with r = 0; mean provisioning).
    public var point: TrainingExpectation
    /// Percentile interval of the expected time to result, seconds.
    public var timeToResult: ClosedRange<Double>
    /// Percentile interval of the expected cost, report currency.
    public var cost: ClosedRange<Double>
    /// Confidence level of the intervals.
    public var confidence: Double
    /// The drawn times and costs, index-aligned, for comparisons.
    public var timeDraws: [Double]
    /// The drawn costs, index-aligned with `timeDraws`.
    public var costDraws: [Double]
    /// Inputs as used, labelled measured or stated.
    public var inputs: [String: String]

    /// Evaluates `job` on `evidence`; `stream` separates providers' random draws under one seed.
    public init(job: TrainingWorkload, evidence: ProviderEvidence, checkpointing: Bool, confidence: Double = 0.95,
                resamples: Int = 2000, seed: UInt64 = 20_261_204, stream: UInt64 = 0) {
        provider = evidence.provider
        workload = job.name
        self.checkpointing = checkpointing
        self.confidence = confidence
        let price = evidence.price
        let egress = Double(job.egressBytes) / 1_073_741_824 * price.egressPerGiB
        let provisions = evidence.provisionSeconds
        let meanProvision = provisions.isEmpty ? 0 : provisions.reduce(0, +) / Double(provisions.count)
        func model(rate: Double, provision: Double) -> TrainingExpectation {
            TrainingModel.expect(job, checkpointing: checkpointing, mtbfSeconds: rate > 0 ? 1 / rate : .infinity,
                                 provisionSeconds: provision, waitSeconds: price.statedWaitSeconds,
                                 billingSeconds: price.billingSeconds, pricePerHour: price.perHour, egressCost: egress)
        }
        point = model(rate: evidence.rate, provision: meanProvision)
        var generator = SeededGenerator(seed: seed, stream: stream)
        var times: [Double] = []
        var costs: [Double] = []
        times.reserveCapacity(resamples)
        costs.reserveCapacity(resamples)
        for _ in 0..<resamples {
            let rate = Self.drawRate(interruptions: evidence.interruptions, timeAtRisk: evidence.timeAtRiskSeconds, &generator)
            var provision = 0.0
            if !provisions.isEmpty {
                for _ in 0..<provisions.count { provision += provisions[Int.random(in: 0..<provisions.count, using: &generator)] }
                provision /= Double(provisions.count)
            }
            let drawn = model(rate: rate, provision: provision)
            times.append(drawn.timeToResultSeconds)
            costs.append(drawn.cost)
        }
        timeDraws = times
        costDraws = costs
        let low = (1 - confidence) / 2
        timeToResult = Self.percentile(times, low)...Self.percentile(times, 1 - low)
        cost = Self.percentile(costs, low)...Self.percentile(costs, 1 - low)
        let mtbf = MTBFEstimate(interruptions: evidence.interruptions, timeAtRiskUs: evidence.timeAtRiskSeconds * 1e6, confidence: confidence)
        inputs = [
            "interruptions": "\(evidence.interruptions) in \(evidence.timeAtRiskSeconds) s (measured)",
            "mtbf": mtbf.pointUs.map { "\($0 / 1e6) s (measured)" } ?? "≥ \(mtbf.lowerUs / 1e6) s (measured, one-sided)",
            "time_to_provision": provisions.isEmpty ? "not measured (0)" : "mean \(meanProvision) s of \(provisions.count) (measured)",
            "wait": price.statedWaitSeconds > 0 ? "\(price.statedWaitSeconds) s (stated)" : "none stated",
            "price": "\(price.perHour) \(price.currency)/h (\(price.origin))",
        ]
    }

    /// Type 7 quantile that stays infinite when a neighbour is (a job that practically never
    /// finishes has no finite time), where interpolation would give NaN.
    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        let (index, weight) = Quantile.position(count: sorted.count, p)
        let next = min(index + 1, sorted.count - 1)
        if sorted[index].isInfinite || sorted[next].isInfinite { return weight > 0 ? sorted[next] : sorted[index] }
        return Quantile.ofSorted(sorted, p)
    }

    /// One draw of the interruption rate from the mid-p confidence distribution of r events in time T.
    static func drawRate(interruptions r: Int, timeAtRisk t: Double, _ generator: inout SeededGenerator) -> Double {
        let shape = Bool.random(using: &generator) ? r : r + 1
        guard shape > 0, t > 0 else { return 0 }
        var sum = 0.0
        for _ in 0..<shape { sum -= log(Double.random(in: Double.ulpOfOne..<1, using: &generator)) }
        return sum / t
    }
}
