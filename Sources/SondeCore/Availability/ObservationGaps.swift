/// Where a provider's heartbeats were not observed at all: the time sonde itself was down
/// (killed, then `sonde run --resume`d). Heartbeats follow an open-loop schedule (one every
/// `interval`, at exact intended times, late or failing ones included), so consecutive intended
/// times are one interval apart while sonde runs; a step of more than 1.5 intervals can only be
/// time in which no heartbeat was scheduled. That time is unobserved: neither up-time nor
/// down-time, and never an interruption.
public enum ObservationGaps {
    /// Unobserved time between two heartbeats: from the last one before to the first one after.
    public struct Gap: Sendable, Equatable, Codable {
        public var startNs: Int64
        public var endNs: Int64

        public init(startNs: Int64, endNs: Int64) {
            self.startNs = startNs
            self.endNs = endNs
        }
    }

    /// The interval of a heartbeat series: its smallest positive step between consecutive
    /// intended send times (exact for an open-loop schedule); nil with fewer than two distinct times.
    public static func interval(of ordered: [Sample]) -> Int64? {
        var smallest: Int64?
        for (previous, next) in zip(ordered, ordered.dropFirst()) {
            let step = next.intendedNs - previous.intendedNs
            if step > 0 { smallest = min(smallest ?? step, step) }
        }
        return smallest
    }

    /// `ordered` (sorted by intended send time) cut into observed segments at every step longer
    /// than 1.5 intervals.
    public static func segments(_ ordered: [Sample]) -> [ArraySlice<Sample>] {
        guard let interval = interval(of: ordered) else { return ordered.isEmpty ? [] : [ordered[...]] }
        var segments: [ArraySlice<Sample>] = []
        var start = ordered.startIndex
        for index in ordered.indices.dropFirst() where (ordered[index].intendedNs - ordered[index - 1].intendedNs) * 2 > interval * 3 {
            segments.append(ordered[start..<index])
            start = index
        }
        segments.append(ordered[start...])
        return segments
    }
}
