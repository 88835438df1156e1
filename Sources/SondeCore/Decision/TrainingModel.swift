#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One training job as the model runs it: `computeSeconds` of work, a checkpoint costing
/// `checkpointCostSeconds` after every `checkpointIntervalSeconds` of work (nil: no checkpoints),
/// and `restartCostSeconds` to resume on a fresh machine after an interruption.
public struct TrainingProcess: Sendable, Equatable, Codable {
    /// Work without interruption.
    public var computeSeconds: Double
    /// Time to write one checkpoint.
    public var checkpointCostSeconds: Double
    /// Time to resume on a fresh machine (at risk of interruption).
    public var restartCostSeconds: Double
    /// Work between checkpoints; `nil` or ≥ the job's length means no checkpoint at all.
    public var checkpointIntervalSeconds: Double?

    /// A process; `checkpointIntervalSeconds` nil means no checkpoints.
    public init(computeSeconds: Double, checkpointCostSeconds: Double, restartCostSeconds: Double,
                checkpointIntervalSeconds: Double?) {
        self.computeSeconds = computeSeconds
        self.checkpointCostSeconds = checkpointCostSeconds
        self.restartCostSeconds = restartCostSeconds
        self.checkpointIntervalSeconds = checkpointIntervalSeconds
    }

    /// The segments that must each run uninterrupted: every full interval followed by its
    /// checkpoint, then the remaining work with no checkpoint (the job ends there).
    public var segments: (full: Int, fullLength: Double, last: Double) {
        guard let tau = checkpointIntervalSeconds, tau.isFinite, tau > 0, tau < computeSeconds else {
            return (0, 0, computeSeconds)
        }
        let count = (computeSeconds / tau).rounded(.up)
        let full = Int(count) - 1
        return (full, tau + checkpointCostSeconds, computeSeconds - Double(full) * tau)
    }
}

/// What one provider is expected to do with one training job: time, machines and bill.
public struct TrainingExpectation: Sendable, Equatable, Codable {
    /// Stated wait + first provisioning + completion: when the result is in hand.
    public var timeToResultSeconds: Double
    /// From the first machine running to the job's end, re-provisioning included.
    public var completionSeconds: Double
    /// Time machines spend running (what is billed before rounding).
    public var machineSeconds: Double
    /// Expected interruptions, which is also the expected number of re-provisioned machines.
    public var interruptions: Double
    /// Billed seconds after rounding each machine's life up to the billing granularity.
    public var billedSeconds: Double
    /// Billed hours × hourly price, plus egress; in the report's currency.
    public var cost: Double
    /// The checkpoint interval used (Daly's at this MTBF), nil without checkpoints.
    public var checkpointIntervalSeconds: Double?
}

/// Expected time to result and expected cost of a training job on a provider whose machines
/// are interrupted as a Poisson process of mean time between failures M (exponential up-times).
///
/// The process (scripts/stats/decision-montecarlo.py simulates exactly this): the job waits
/// W (stated) and P₀ (first provisioning), then runs segments that must each finish without an
/// interruption. An interruption in a segment loses the work since the last checkpoint; a new
/// machine is provisioned (P, not at risk, not billed), the job restarts (R, at risk: an
/// interruption there means provisioning again) and the segment starts over. For a segment of
/// length L, with λ = 1/M, renewal reasoning gives
///   E[time]          = (e^{λL} − 1) · e^{λR} · (M + P)
///   E[interruptions] = (e^{λL} − 1) · e^{λR}
///   E[machine time]  = (e^{λL} − 1) · e^{λR} · M
/// which is Daly's (2006) eq. (13) per segment when P = 0, without his approximation of T_s/τ
/// identical segments. Billing rounds each machine's life up to g: an interrupted machine's
/// life is taken as exponential (its rounding adds g/(1 − e^{−λg}) − M); the last machine's
/// life is exact when nothing interrupted the job (probability e^{−λ·Σ segments}) or without
/// checkpoints (R + the job), else taken as uniform within a step (adds g/2). The rounding terms
/// are approximations, exact as g → 0; at g = 1 h they are checked against the Monte Carlo.
public enum TrainingModel {
    /// The expectation for `process` at `mtbfSeconds` (`.infinity`: never interrupted).
    /// `provisionSeconds` is the mean time to provision, used both first and after each interruption.
    public static func expect(_ process: TrainingProcess, mtbfSeconds m: Double, provisionSeconds p: Double,
                              waitSeconds w: Double = 0, billingSeconds g: Double = 1, pricePerHour: Double = 0,
                              egressCost: Double = 0) -> TrainingExpectation {
        let (full, fullLength, last) = process.segments
        let r = process.restartCostSeconds
        var interruptions = 0.0
        var machine = 0.0
        func add(_ length: Double, times: Double) {
            guard times > 0, length > 0 else { return }
            if m.isInfinite {
                machine += times * length
                return
            }
            let failures = expm1(length / m) * exp(r / m)
            interruptions += times * failures
            machine += times * failures * m
        }
        add(fullLength, times: Double(full))
        add(last, times: 1)
        let completion = machine + (p > 0 ? interruptions * p : 0)  // ∞ · 0 would be NaN
        // The last machine's life is known when nothing interrupts the job (probability p₀) and,
        // without checkpoints, after any interruption too (a restart then the whole job).
        let unbroken = Double(full) * fullLength + last
        func gap(_ life: Double) -> Double { (life / g).rounded(.up) * g - life }
        let p0 = m.isInfinite ? 1 : exp(-unbroken / m)
        let lastRounding = p0 * gap(unbroken) + (1 - p0) * (full == 0 ? gap(r + unbroken) : g / 2)
        let rounding = (m.isInfinite ? 0 : interruptions * (g / -expm1(-g / m) - m)) + lastRounding
        let billed = machine + rounding
        return TrainingExpectation(timeToResultSeconds: w + p + completion, completionSeconds: completion,
                                   machineSeconds: machine, interruptions: interruptions, billedSeconds: billed,
                                   cost: pricePerHour * billed / 3600 + egressCost,
                                   checkpointIntervalSeconds: full > 0 ? process.checkpointIntervalSeconds : nil)
    }

    /// The expectation with checkpoints every Daly (2006) interval at `mtbfSeconds`, or without
    /// checkpoints when `checkpointing` is false.
    public static func expect(_ job: TrainingWorkload, checkpointing: Bool, mtbfSeconds m: Double, provisionSeconds p: Double,
                              waitSeconds w: Double = 0, billingSeconds g: Double = 1, pricePerHour: Double = 0,
                              egressCost: Double = 0) -> TrainingExpectation {
        let tau: Double? = checkpointing ? CheckpointAdvice.daly(checkpointCostUs: job.checkpointCost.seconds, mtbfUs: m) : nil
        let process = TrainingProcess(computeSeconds: job.compute.seconds, checkpointCostSeconds: job.checkpointCost.seconds,
                                      restartCostSeconds: job.restartCost.seconds, checkpointIntervalSeconds: tau)
        return expect(process, mtbfSeconds: m, provisionSeconds: p, waitSeconds: w, billingSeconds: g,
                      pricePerHour: pricePerHour, egressCost: egressCost)
    }
}
