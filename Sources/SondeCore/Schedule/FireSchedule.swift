/// When `sonde schedule` starts runs: every fixed interval from an anchor, or at the minutes a
/// cron expression names. Times are nanoseconds since the Unix epoch, passed in (no clock here).
public enum FireSchedule: Sendable, Equatable {
    /// `anchorNs`, `anchorNs + interval`, `anchorNs + 2 × interval`, ...
    case every(Duration, anchorNs: Int64)
    /// The minutes `CronExpression` matches, in UTC.
    case cron(CronExpression)

    /// The first fire time at or after `ns` (for `every`, the anchor itself when `ns` is the anchor).
    public func first(atOrAfter ns: Int64) -> Int64? {
        next(after: ns - 1)
    }

    /// The first start of a schedule begun at `nowNs`: the anchor of `every` (a schedule built a
    /// moment ago still starts with it), the next matching minute of `cron`.
    public func initial(nowNs: Int64) -> Int64? {
        if case .every(let interval, let anchorNs) = self, nowNs - anchorNs < interval.nanoseconds {
            return anchorNs
        }
        return first(atOrAfter: nowNs)
    }

    /// The first fire time strictly after `ns`.
    public func next(after ns: Int64) -> Int64? {
        switch self {
        case .every(let interval, let anchorNs):
            let step = interval.nanoseconds
            guard step > 0 else { return nil }
            if ns < anchorNs { return anchorNs }
            return anchorNs + ((ns - anchorNs) / step + 1) * step
        case .cron(let expression):
            // The next whole matching minute after the second that holds `ns` is also after `ns`.
            let seconds = CivilTime.floorDiv(ns, 1_000_000_000)
            return expression.next(afterEpochSeconds: seconds).map { $0 * 1_000_000_000 }
        }
    }

    /// What follows a run that started for `previous` and ended at `nowNs`: the first fire time
    /// at or after `nowNs` (runs never overlap, so a start that passed while the run was still
    /// going is skipped, not queued) and how many were skipped that way.
    public func following(_ previous: Int64, nowNs: Int64) -> (fireNs: Int64, skipped: Int)? {
        switch self {
        case .every(let interval, let anchorNs):
            let step = interval.nanoseconds
            guard step > 0, let fire = first(atOrAfter: max(nowNs, previous + 1)) else { return nil }
            let skipped = Int((fire - max(previous, anchorNs)) / step) - 1
            return (fire, max(skipped, 0))
        case .cron:
            var skipped = 0
            var candidate = next(after: previous)
            while let fire = candidate, fire < nowNs {
                skipped += 1
                candidate = next(after: fire)
            }
            return candidate.map { ($0, skipped) }
        }
    }
}
