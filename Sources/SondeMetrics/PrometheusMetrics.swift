import Prometheus
import SondeCore
import Synchronization

/// sonde's live metrics as Prometheus series: a `MetricsSink` that turns samples and run events
/// into counters, gauges and histograms, and renders them in the text exposition format
/// (version 0.0.4). Names follow Prometheus conventions: base units (seconds, bytes), `_total`
/// on counters, labels `provider` and `kind` on every per-provider series. The names are listed
/// in docs/schedule.md.
public final class PrometheusMetrics: MetricsSink {
    private let registry = PrometheusCollectorRegistry()
    private let handles = Mutex(Handles())

    private struct SeriesKey: Hashable {
        var provider: String
        var kind: ProviderKind
        var probe: String
    }
    private struct OutcomeKey: Hashable {
        var series: SeriesKey
        var outcome: String
    }
    private struct PhaseKey: Hashable {
        var series: SeriesKey
        var phase: Phase
    }
    private struct Handles {
        var counters: [OutcomeKey: Counter] = [:]
        var histograms: [PhaseKey: ValueHistogram] = [:]
    }

    /// Latency buckets in seconds: loopback sub-millisecond phases up to an LLM request's minute.
    public static let latencyBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                                  1, 2.5, 5, 10, 30, 60]
    /// Provisioning buckets in seconds: a container in seconds, a GPU machine in up to an hour.
    public static let provisionBuckets: [Double] = [1, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600]

    /// `vantage` and `version` label the `sonde_info` series.
    public init(vantage: String?, version: String) {
        registry.makeGauge(descriptor: Self.info, labels: [("vantage", vantage ?? ""), ("version", version)]).set(to: 1)
        for status in ["complete", "interrupted", "failed"] {
            _ = registry.makeCounter(descriptor: Self.runs, labels: [("status", status)])
        }
        _ = registry.makeCounter(descriptor: Self.skipped)
        registry.makeGauge(descriptor: Self.inProgress).set(to: 0)
    }

    /// The exposition, as served on `/metrics`.
    public func exposition() -> [UInt8] {
        registry.emitToBuffer()
    }

    public func record(_ event: MetricsEvent) {
        switch event {
        case .sample(let sample, let provider):
            record(sample, provider: provider)
        case .runStarted:
            registry.makeGauge(descriptor: Self.inProgress).set(to: 1)
        case .runFinished(let status, let startedNs, let finishedNs):
            registry.makeGauge(descriptor: Self.inProgress).set(to: 0)
            registry.makeCounter(descriptor: Self.runs, labels: [("status", status.rawValue)]).increment()
            registry.makeGauge(descriptor: Self.lastRun).set(to: Double(finishedNs) / 1e9)
            registry.makeGauge(descriptor: Self.lastRunDuration).set(to: Double(finishedNs - startedNs) / 1e9)
        case .startsSkipped(let count):
            registry.makeCounter(descriptor: Self.skipped).increment(by: Int64(count))
        case .provisioned(let provider, let phase, let duration):
            registry.makeValueHistogram(descriptor: Self.provision, labels: labels(provider) + [("phase", phase)],
                                        buckets: Self.provisionBuckets).record(duration.seconds)
        case .availability(let provider, let ratio):
            registry.makeGauge(descriptor: Self.availability, labels: labels(provider)).set(to: ratio)
        case .interruption(let provider):
            registry.makeCounter(descriptor: Self.interruptions, labels: labels(provider)).increment()
        }
    }

    private func record(_ sample: Sample, provider: Provider) {
        let key = SeriesKey(provider: provider.name, kind: provider.kind, probe: sample.probe.rawValue)
        let outcome = sample.errorClass?.rawValue ?? "ok"
        // The registry validates names and labels on every lookup; a load probe sends thousands of
        // samples a second, so the handles are looked up once per series and kept.
        let (attempts, phases) = handles.withLock { cache -> (Counter, [(Phase, ValueHistogram)]) in
            let counter = cache.counters[OutcomeKey(series: key, outcome: outcome)] ?? {
                let made = registry.makeCounter(descriptor: Self.attempts,
                                                labels: labels(provider) + [("probe", key.probe), ("outcome", outcome)])
                cache.counters[OutcomeKey(series: key, outcome: outcome)] = made
                return made
            }()
            guard sample.succeeded else { return (counter, []) }
            let histograms = Phase.allCases.compactMap { phase -> (Phase, ValueHistogram)? in
                guard phase.durationUs(of: sample) != nil else { return nil }
                let phaseKey = PhaseKey(series: key, phase: phase)
                if let known = cache.histograms[phaseKey] { return (phase, known) }
                let made = registry.makeValueHistogram(descriptor: Self.phaseSeconds,
                                                       labels: labels(provider) + [("probe", key.probe), ("phase", phase.rawValue)],
                                                       buckets: Self.latencyBuckets)
                cache.histograms[phaseKey] = made
                return (phase, made)
            }
            return (counter, histograms)
        }
        attempts.increment()
        for (phase, histogram) in phases {
            histogram.record(Double(phase.durationUs(of: sample) ?? 0) / 1e6)
        }
        if sample.probe == .bandwidth, let transfer = BandwidthRate(sample) {
            let direction = labels(provider) + [("direction", transfer.direction)]
            registry.makeCounter(descriptor: Self.transferred, labels: direction).increment(by: transfer.bytes)
            registry.makeGauge(descriptor: Self.bandwidth, labels: direction).set(to: transfer.bytesPerSecond)
        }
    }

    private func labels(_ provider: Provider) -> [(String, String)] {
        [("provider", provider.name), ("kind", provider.kind.rawValue)]
    }

    // Descriptors are computed: swift-prometheus' MetricNameDescriptor is not Sendable.
    static var info: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "sonde", metricName: "info", unitName: "",
                             helpText: "Always 1; labels name this sonde's vantage point and version.")
    }
    static var runs: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "sonde", metricName: "runs", unitName: "total",
                             helpText: "Runs finished, by status (complete, interrupted, failed).")
    }
    static var skipped: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "sonde", metricName: "scheduled_starts_skipped", unitName: "total",
                             helpText: "Scheduled starts skipped because the previous run was still going.")
    }
    static var inProgress: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "sonde", metricName: "run_in_progress", unitName: "",
                             helpText: "1 while a run is going, else 0.")
    }
    static var lastRun: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "sonde", metricName: "last_run_finished", unitName: "timestamp_seconds",
                             helpText: "When the last run finished, seconds since the Unix epoch.")
    }
    static var lastRunDuration: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "sonde", metricName: "last_run_duration", unitName: "seconds",
                             helpText: "How long the last run took.")
    }
    static var attempts: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "sonde", metricName: "probe_attempts", unitName: "total",
                             helpText: "Probe attempts by provider, probe and outcome (ok or the error class).")
    }
    static var phaseSeconds: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "sonde", metricName: "phase_duration", unitName: "seconds",
                             helpText: "Duration of each phase of successful attempts (dns, connect, tls, first_byte, transfer, total).")
    }
    static var transferred: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "sonde", metricName: "bandwidth_transferred", unitName: "bytes_total",
                             helpText: "Bytes moved by successful bandwidth transfers.")
    }
    static var bandwidth: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "sonde", metricName: "bandwidth", unitName: "bytes_per_second",
                             helpText: "Rate of the last successful bandwidth transfer, first byte excluded.")
    }
    static var provision: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "sonde", metricName: "provision_phase_duration", unitName: "seconds",
                             helpText: "Time from a provisioning request to each phase (accepted, running, reachable, torn_down).")
    }
    static var availability: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "sonde", metricName: "availability", unitName: "ratio",
                             helpText: "Share of heartbeats that found the provider up.")
    }
    static var interruptions: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "sonde", metricName: "interruptions", unitName: "total",
                             helpText: "Interruption episodes (k consecutive heartbeat failures) begun.")
    }
}

/// The rate of one bandwidth transfer, as docs/schema.md defines it: a download's body over
/// the time after its first byte, an upload's body over the time after the connection was ready.
struct BandwidthRate {
    var direction: String
    var bytes: Int64
    var bytesPerSecond: Double

    init?(_ sample: Sample) {
        guard let total = sample.totalUs else { return nil }
        if let upload = sample.uploadBytes {
            let ready = sample.tlsUs ?? sample.connectUs ?? sample.dnsUs ?? 0
            guard total > ready else { return nil }
            (direction, bytes, bytesPerSecond) = ("upload", upload, Double(upload) * 1e6 / Double(total - ready))
        } else {
            guard let ttfb = sample.ttfbUs, total > ttfb else { return nil }
            (direction, bytes, bytesPerSecond) = ("download", sample.bytes, Double(sample.bytes) * 1e6 / Double(total - ttfb))
        }
    }
}
