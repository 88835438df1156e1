/// What the provisioning timeline chart draws: per provider and attempt, how long each stage
/// took from the request until the machine answered. Built by the CLI from the `provisions`
/// table once provisioner adapters record it; the report says so when there is none.
public struct ProvisioningTimeline: Sendable, Equatable {
    /// The stages between the provisions table's timestamps.
    public enum Stage: String, Sendable, CaseIterable {
        /// requested → accepted: the marketplace or API took the order.
        case accepting = "accepting"
        /// accepted → running: the machine or container started.
        case starting = "starting"
        /// running → reachable: the endpoint answered its first probe.
        case reaching = "reaching"
    }

    /// One provisioning attempt.
    public struct Attempt: Sendable, Equatable {
        public var provider: String
        public var attempt: Int
        /// Seconds spent in each stage that was reached, in stage order.
        public var stages: [(stage: Stage, seconds: Double)]
        /// "ok", or the error class of a failed attempt.
        public var outcome: String

        public init(provider: String, attempt: Int, stages: [(stage: Stage, seconds: Double)], outcome: String) {
            self.provider = provider
            self.attempt = attempt
            self.stages = stages
            self.outcome = outcome
        }

        /// Seconds from the request to the last stage reached.
        public var totalSeconds: Double { stages.reduce(0) { $0 + $1.seconds } }

        public static func == (a: Attempt, b: Attempt) -> Bool {
            a.provider == b.provider && a.attempt == b.attempt && a.outcome == b.outcome
                && a.stages.map(\.stage) == b.stages.map(\.stage) && a.stages.map(\.seconds) == b.stages.map(\.seconds)
        }
    }

    public var attempts: [Attempt]

    public init(attempts: [Attempt]) {
        self.attempts = attempts
    }
}

/// Stacked horizontal bars, one per provisioning attempt: time in each stage until reachable.
struct ProvisioningTimelineChart {
    static let title = "Provisioning: time until usable"
    static let stageColours: [ProvisioningTimeline.Stage: String] = [.accepting: "#56B4E9", .starting: "#0072B2", .reaching: "#E69F00"]

    var timeline: ProvisioningTimeline

    var isEmpty: Bool { timeline.attempts.isEmpty }

    var takeaway: String {
        let ok = timeline.attempts.filter { $0.outcome == "ok" }
        let failed = timeline.attempts.count - ok.count
        let failures = failed > 0 ? " \(failed) of \(timeline.attempts.count) attempts failed." : ""
        guard let slowest = ok.max(by: { $0.totalSeconds < $1.totalSeconds }),
              let fastest = ok.min(by: { $0.totalSeconds < $1.totalSeconds }) else {
            return "No provisioning attempt reached a usable machine." + failures
        }
        return "Slowest to become usable: \(slowest.provider) at \(SVGNumber.fixed(slowest.totalSeconds, 0)) s; fastest: "
            + "\(fastest.provider) at \(SVGNumber.fixed(fastest.totalSeconds, 0)) s." + failures
    }

    func svg() -> String {
        let rowHeight = 26.0
        var frame = ChartFrame(height: 52 + 44 + rowHeight * Double(max(timeline.attempts.count, 1)) + 8)
        frame.left = 150
        frame.top = 52
        let high = timeline.attempts.map(\.totalSeconds).max() ?? 1
        let x = Scale.nice(.linear, lower: 0, upper: max(high, 1), from: frame.plotLeft, to: frame.plotRight)
        var svg = SVGWriter()
        frame.legend(ProvisioningTimeline.Stage.allCases.map { ($0.rawValue, Self.stageColours[$0]!, nil) }, into: &svg)
        frame.xAxis(x, title: "seconds since the request", into: &svg)
        svg.group([("class", "marks")]) { g in
            for (i, attempt) in timeline.attempts.enumerated() {
                let mid = frame.plotTop + rowHeight * (Double(i) + 0.5)
                g.label("\(ChartFrame.clipped(attempt.provider)) #\(attempt.attempt)", frame.plotLeft - 8, mid + 4, anchor: "end")
                var start = 0.0
                for (stage, seconds) in attempt.stages {
                    g.rect(x(start), mid - 8, x(start + seconds) - x(start), 16, fill: Self.stageColours[stage]!,
                           tooltip: "\(attempt.provider) #\(attempt.attempt) \(stage.rawValue): \(SVGNumber.fixed(seconds, 1)) s")
                    start += seconds
                }
                if attempt.outcome != "ok" {
                    g.label("✕ \(attempt.outcome)", x(start) + 4, mid + 4, size: 11, weight: "600", fill: "#D55E00")
                }
            }
        }
        return frame.document(title: Self.title, description: takeaway, body: svg.text)
    }
}
