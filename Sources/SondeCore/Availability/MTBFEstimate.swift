#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Mean time between failures from `interruptions` seen in `timeAtRisk` of up-time, with an
/// exact confidence interval.
///
/// Method: failures as a Poisson process over the time at risk (exponential up-times), observed
/// for a fixed time (time-truncated, "Type I" test). With r failures in total time T the
/// two-sided interval at confidence c is
///   [ 2T / χ²((1+c)/2; 2r+2),  2T / χ²((1−c)/2; 2r) ]
/// (Epstein 1960, "Estimation from life test data", Technometrics 2(4); MIL-HDBK-781A §5.9):
/// the lower bound takes 2r + 2 degrees of freedom because the next failure, not yet seen, could
/// have come just after the observation ended. With r = 0 there is no upper bound and no point
/// estimate; the one-sided lower bound is 2T / χ²(c; 2) = T / −ln(1 − c).
public struct MTBFEstimate: Sendable, Equatable, Codable {
    public var interruptions: Int
    /// Up-time observed, microseconds.
    public var timeAtRiskUs: Double
    /// Up-time / interruptions; `nil` with no interruption.
    public var pointUs: Double?
    /// Two-sided lower bound, or the one-sided lower bound with no interruption.
    public var lowerUs: Double
    /// Two-sided upper bound; `nil` with no interruption (unbounded).
    public var upperUs: Double?
    public var confidence: Double
    /// `two_sided`, or `one_sided_lower` with no interruption.
    public var bound: Bound

    /// Which interval was computed.
    public enum Bound: String, Sendable, Codable {
        case twoSided = "two_sided"
        case oneSidedLower = "one_sided_lower"
    }

    /// The estimate for `interruptions` in `timeAtRiskUs` at `confidence` (0 < c < 1).
    public init(interruptions: Int, timeAtRiskUs: Double, confidence: Double) {
        precondition(interruptions >= 0 && timeAtRiskUs >= 0 && confidence > 0 && confidence < 1)
        self.interruptions = interruptions
        self.timeAtRiskUs = timeAtRiskUs
        self.confidence = confidence
        let twiceT = 2 * timeAtRiskUs
        if interruptions == 0 {
            pointUs = nil
            upperUs = nil
            lowerUs = twiceT / ChiSquared.quantile(confidence, degreesOfFreedom: 2)
            bound = .oneSidedLower
        } else {
            let r = Double(interruptions)
            pointUs = timeAtRiskUs / r
            lowerUs = twiceT / ChiSquared.quantile((1 + confidence) / 2, degreesOfFreedom: 2 * r + 2)
            upperUs = twiceT / ChiSquared.quantile((1 - confidence) / 2, degreesOfFreedom: 2 * r)
            bound = .twoSided
        }
    }

    /// Whether `value` lies in the interval (the upper end is unbounded with no interruption).
    public func contains(_ valueUs: Double) -> Bool {
        valueUs >= lowerUs && valueUs <= (upperUs ?? .infinity)
    }
}
