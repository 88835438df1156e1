import CCurl
import Foundation
import SondeCore

/// The HTTP latency probe: every provider on its own open-loop schedule, all driven by one event
/// loop (`LatencyLoop`) on a dedicated thread, so that a slow or stalled provider never delays
/// another's intended send times and no Swift concurrency thread ever blocks on the network.
///
/// Two engines move the bytes. Warm connections (`reuse: true`) to plain `http://` providers go
/// through the native HTTP/1.1 engine on epoll (`NativeLoadTransport`), which costs a fraction of
/// libcurl's CPU per attempt: at a 200 µs interval × 4 providers, the difference between keeping
/// the schedule and falling behind on two shared cores. Everything else (HTTPS, fresh
/// connections, proxies) goes through libcurl (`CurlLatencyTransport`). Both fill the same phase
/// marks from the actual send: a warm connection has no connect mark, a new one its handshake;
/// the native engine resolves each host once before the schedule starts, so it never sets
/// `dnsUs` (libcurl reports a lookup mark of ~15 µs even on a reused connection to a literal
/// address, its own set-up time).
///
/// Each attempt is started at (or as soon as possible after) its intended send time; both times
/// are recorded. Concurrency is capped only far above what a provider answering within its
/// timeout needs (`LatencyLoop`), and an attempt held by the cap keeps its intended time, so the
/// wait shows as lateness rather than hiding inside "latency" (coordinated omission).
///
/// The heartbeat (`probes.availability`) is this probe with an availability plan: its samples
/// are stored as `availability` and its outcome names each provider's failed heartbeats.
public struct LatencyProbe: Probe {
    public let plan: LatencyPlan
    /// Attempts one provider may have in flight (see `LatencyLoop`); tests lower it.
    var maxInFlight = 256
    /// The header that carries each attempt's intended send time, when one is sent
    /// (`SONDE_INTENDED_HEADER`; tests set it directly).
    var intendedHeader: String? = IntendedHeader.name()
    /// Which engine moves the bytes: `auto` picks the native one when `LatencyProbe.usesNative`
    /// says it can; tests force one to compare them.
    var engine: LoadEngine = .auto

    public init(plan: LatencyPlan) {
        self.plan = plan
    }

    /// `latency`, or `availability` for heartbeats.
    public var kind: ProbeKind { plan.probe }

    /// Counts per provider, each planned to its sample count.
    public func makeProgress() -> RunProgress { RunProgress(targets: plan.targets) }

    /// Runs the plan, sending every sample to the context's sink. Returns when all attempts
    /// have finished.
    public func run(_ context: ProbeContext) async -> ProbeOutcome {
        let (plan, maxInFlight, intendedHeader, engine) = (self.plan, self.maxInFlight, self.intendedHeader, self.engine)
        let ending = await Curl.onOwnThread(named: "sonde-\(plan.probe.rawValue)-probe") {
            let transport = Self.transport(for: plan, engine: engine, maxInFlight: maxInFlight, intendedHeader: intendedHeader,
                                           environment: ProcessInfo.processInfo.environment)
            return LatencyLoop(plan: plan, timeBase: context.timeBase, sink: context.sink, progress: context.progress,
                               stop: context.stop, transport: transport, maxInFlight: maxInFlight).run()
        }
        guard plan.probe == .availability else { return ProbeOutcome(ending) }
        return ProbeOutcome(ending, summary: context.progress.snapshot().map {
            "availability \($0.name): \($0.attempts - $0.errors) ok, \($0.errors) failed heartbeats"
        })
    }
}

extension LatencyProbe {
    /// Whether `engine` means the native engine for `plan`: `auto` does when every provider keeps
    /// its connection warm (`reuse: true`) at a plain `http://` URL and no proxy applies; a fresh
    /// connection per attempt stays with libcurl, whose phase marks (DNS, connect) it measures.
    static func usesNative(_ engine: LoadEngine, plan: LatencyPlan, environment: [String: String]) -> Bool {
        switch engine {
        case .curl: return false
        case .native: return true
        case .auto:
            return plan.targets.allSatisfy { $0.reuse && LoadEngineChoice.nativeSupports($0.url, environment: environment) }
        }
    }

    /// The engine for `plan`, made on the probe's thread (both are confined to it).
    static func transport(for plan: LatencyPlan, engine: LoadEngine, maxInFlight: Int, intendedHeader: String?,
                          environment: [String: String]) -> any LoadTransport {
        if usesNative(engine, plan: plan, environment: environment) {
            let targets = plan.targets.map {
                RequestTarget(providerID: $0.providerID, name: $0.name, url: $0.url, headers: $0.headers, timeout: $0.timeout,
                              verifyTLS: $0.verifyTLS)
            }
            // One connection per attempt in flight: the in-flight cap is the pool's size.
            return NativeLoadTransport(targets: targets, connections: max(1, maxInFlight), probe: plan.probe,
                                       intendedHeader: intendedHeader, preciseWait: true)
        }
        return CurlLatencyTransport(targets: plan.targets, probe: plan.probe, intendedHeader: intendedHeader)
    }
}

extension LatencyPlan: ProbeMaking {
    /// A `LatencyProbe` (heartbeats too).
    public func makeProbe() -> any Probe { LatencyProbe(plan: self) }
}
