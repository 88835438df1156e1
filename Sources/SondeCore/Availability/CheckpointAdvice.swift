#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How often a job should checkpoint on a provider with a given MTBF M, and what interruptions
/// cost it. Interruptions are taken as a Poisson process (exponential up-times), the model
/// under both formulas. All times in microseconds.
///
/// - Young (1974), "A first order approximation to the optimum checkpoint interval", CACM 17(9):
///   τ = √(2·δ·M), with δ the checkpoint cost.
/// - Daly (2006), "A higher order estimate of the optimum checkpoint interval for restart dumps",
///   Future Generation Computer Systems 22(3), eq. (37):
///   τ = √(2δM) · [1 + ⅓·√(δ/(2M)) + ⅑·(δ/(2M))] − δ  for δ < 2M, else τ = M;
///   and his expected wall-clock time (eq. 13) for a job of T_s compute time, checkpointing after
///   every τ of compute, restart cost R:  T_w = M · e^{R/M} · (e^{(τ+δ)/M} − 1) · T_s / τ.
public struct CheckpointAdvice: Sendable, Equatable, Codable {
    public var job: CheckpointJob
    /// The MTBF the advice uses: the point estimate, or the lower bound when no interruption was seen.
    public var mtbfUs: Double
    /// `point`, or `lower_bound` (conservative) with no interruption.
    public var mtbfBasis: String
    /// Young's interval between checkpoints (compute time).
    public var youngIntervalUs: Double
    /// Daly's interval between checkpoints (compute time): the advice.
    public var dalyIntervalUs: Double
    /// Daly's expected wall-clock time of the job, checkpointing every `dalyIntervalUs`.
    public var expectedCompletionUs: Double
    /// Expected time lost to one interruption when checkpointing every `dalyIntervalUs`: the work
    /// since the last checkpoint, E[X | X < τ+δ] = M − (τ+δ)/(e^{(τ+δ)/M} − 1) for exponential X,
    /// plus the restart cost R.
    public var expectedLossPerInterruptionUs: Double
    /// exp(−T_s/M): the chance that the job runs to the end without a single interruption.
    public var completionProbabilityWithoutCheckpoints: Double
    /// Daly's T_w with one segment and no checkpoint (τ = T_s, δ = 0): every interruption restarts the job.
    public var expectedCompletionWithoutCheckpointsUs: Double

    public init(job: CheckpointJob, mtbfUs: Double, basis: String) {
        self.job = job
        self.mtbfUs = mtbfUs
        mtbfBasis = basis
        let m = mtbfUs
        let delta = Double(job.checkpointCost.microseconds)
        let restart = Double(job.restartCost.microseconds)
        let length = Double(job.length.microseconds)
        youngIntervalUs = Self.young(checkpointCostUs: delta, mtbfUs: m)
        let tau = Self.daly(checkpointCostUs: delta, mtbfUs: m)
        dalyIntervalUs = tau
        expectedCompletionUs = Self.expectedWallClock(workUs: length, intervalUs: tau, checkpointCostUs: delta,
                                                      restartUs: restart, mtbfUs: m)
        let segment = tau + delta
        expectedLossPerInterruptionUs = m - segment / expm1(segment / m) + restart
        completionProbabilityWithoutCheckpoints = exp(-length / m)
        expectedCompletionWithoutCheckpointsUs = Self.expectedWallClock(workUs: length, intervalUs: length, checkpointCostUs: 0,
                                                                        restartUs: restart, mtbfUs: m)
    }

    /// Young (1974): √(2δM).
    public static func young(checkpointCostUs delta: Double, mtbfUs m: Double) -> Double {
        (2 * delta * m).squareRoot()
    }

    /// Daly (2006), eq. (37).
    public static func daly(checkpointCostUs delta: Double, mtbfUs m: Double) -> Double {
        guard delta < 2 * m else { return m }
        let ratio = delta / (2 * m)
        return (2 * delta * m).squareRoot() * (1 + ratio.squareRoot() / 3 + ratio / 9) - delta
    }

    /// Daly (2006), eq. (13): M e^{R/M} (e^{(τ+δ)/M} − 1) T_s/τ.
    public static func expectedWallClock(workUs: Double, intervalUs tau: Double, checkpointCostUs delta: Double,
                                         restartUs: Double, mtbfUs m: Double) -> Double {
        m * exp(restartUs / m) * expm1((tau + delta) / m) * workUs / tau
    }
}
