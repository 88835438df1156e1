import Foundation

extension VarianceAnalysis {
    /// Replaces "interruption risk unknown" in the training verdicts with what the heartbeats
    /// measured: the MTBF with its interval and the chance the configured job runs uninterrupted.
    /// Whether a provider fits is unchanged: no rule on interruptions is configured yet.
    public mutating func addAvailability(_ availability: AvailabilityAnalysis) {
        let unknown = "interruption risk unknown (no availability data)"
        let level = "\(Format.fixed(availability.confidence * 100, 0))%"
        for index in verdicts.indices where verdicts[index].workload == .training && verdicts[index].reason.contains(unknown) {
            guard let row = availability.rows.first(where: { $0.provider.name == verdicts[index].provider }),
                  let advice = row.advice else { continue }
            let mtbf = row.mtbf
            var risk = "\(row.interruptions) interruption\(row.interruptions == 1 ? "" : "s") in \(Self.hours(row.observedUs)); "
            if let point = mtbf.pointUs, let upper = mtbf.upperUs {
                risk += "MTBF \(Self.hours(point)) (\(level) CI \(Self.hours(mtbf.lowerUs))–\(Self.hours(upper)))"
            } else {
                risk += "MTBF ≥ \(Self.hours(mtbf.lowerUs)) (\(level) lower bound)"
            }
            risk += "; a \(Self.hours(Double(advice.job.length.microseconds))) job runs uninterrupted with probability "
                + Format.fixed(advice.completionProbabilityWithoutCheckpoints, 2)
            verdicts[index].reason = verdicts[index].reason.replacingOccurrences(of: unknown, with: risk)
        }
    }

    /// A time in the largest unit that keeps it readable: `850 ms`, `12.5 s`, `47 min`, `3.2 h`.
    static func hours(_ us: Double) -> String {
        let s = us / 1e6
        if s < 1 { return "\(Format.fixed(us / 1000, 0)) ms" }
        if s < 60 { return "\(Format.fixed(s, 1)) s" }
        if s < 3600 { return "\(Format.fixed(s / 60, 0)) min" }
        return "\(Format.fixed(s / 3600, 1)) h"
    }
}
