import SondeCore

/// The `tcp` probe: TCP connect time to each provider's host and port, no HTTP request, every
/// provider on its own open-loop schedule on one non-blocking poll loop on a thread of its own
/// (as `LatencyProbe`), so a provider that never answers holds only its own attempts.
///
/// Samples (probe `tcp`): `dnsUs` when a name was resolved (numeric addresses skip it),
/// `connectUs` and `totalUs` the time from the attempt's start until the connection was
/// established (cumulative, as libcurl's marks: it includes the lookup), so latency-style
/// analysis applies to `totalUs` unchanged. Failures carry the shared error classes: `dns`,
/// `refused`, `reset`, `timeout`, `other`.
public struct TCPProbe: Probe {
    public let plan: TCPPlan

    public init(plan: TCPPlan) {
        self.plan = plan
    }

    /// `tcp`.
    public var kind: ProbeKind { .tcp }

    /// Counts per provider, each planned to its sample count.
    public func makeProgress() -> RunProgress {
        RunProgress(names: plan.targets.map(\.name), planned: plan.targets.first?.samples ?? 0)
    }

    /// Runs the plan, sending every attempt to the context's sink.
    public func run(_ context: ProbeContext) async -> ProbeOutcome {
        let plan = self.plan
        return ProbeOutcome(await Curl.onOwnThread(named: "sonde-tcp-probe") {
            TCPConnectLoop(plan: plan, context: context).run()
        })
    }
}

extension TCPPlan: ProbeMaking {
    /// A `TCPProbe`.
    public func makeProbe() -> any Probe { TCPProbe(plan: self) }
}
