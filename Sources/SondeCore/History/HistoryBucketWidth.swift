/// The width of a history report's time windows, with edges on UTC hours or days.
///
/// Unix time has no leap seconds, so flooring nanoseconds since the epoch to a multiple of 3600
/// or 86400 seconds lands exactly on UTC hour and midnight edges.
public enum HistoryBucketWidth: String, Sendable, Equatable, Codable, CaseIterable {
    case hour
    case day

    /// Width in nanoseconds.
    public var nanoseconds: Int64 {
        switch self {
        case .hour: 3_600_000_000_000
        case .day: 86_400_000_000_000
        }
    }

    /// Hours for a span of at most three days (at most 72 windows, readable in one chart),
    /// days beyond.
    public static func choose(spanNs: Int64) -> HistoryBucketWidth {
        spanNs <= 3 * HistoryBucketWidth.day.nanoseconds ? .hour : .day
    }

    /// The start of the window holding `timeNs` (floored, also before 1970).
    public func windowStart(_ timeNs: Int64) -> Int64 {
        let width = nanoseconds
        let quotient = timeNs / width
        return (timeNs % width < 0 ? quotient - 1 : quotient) * width
    }
}
