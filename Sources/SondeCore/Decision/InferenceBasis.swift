/// Which of a provider's LLM requests an inference verdict rests on. A plain LLM probe's
/// requests are pooled; a capacity sweep's are not, because pooling mixes the unloaded
/// synchronous step with overloaded rates and prices neither: the verdict uses the requests of
/// the highest constant-rate step whose share meeting the workload's SLO reaches its target
/// (the knee judged by this workload's SLO, which may differ from the sweep's own).
public struct InferenceBasis: Sendable, Equatable {
    /// The requests priced.
    public var requests: [InferenceRequest]
    /// The window they were served in, seconds (goodput's denominator).
    public var windowSeconds: Double
    /// The chosen step's offered rate (requests/s) when the provider swept; `nil` when pooled.
    public var offeredRate: Double?
    /// In words, for the report, e.g. "all 120 requests pooled" or
    /// "sweep step 5 at 8.0 req/s (highest rate meeting the SLO), 80 requests".
    public var summary: String

    /// The basis for `service` from one provider's stored requests.
    public init(_ data: LLMProviderData, service: InferenceWorkload) {
        guard CapacityReport.isSweep(data) else {
            requests = data.samples.map { Self.request($0, data.records[$0.sequence], fromIntended: false) }
            let start = data.samples.map(\.startedNs).min() ?? 0
            let end = data.samples.map { $0.startedNs + ($0.totalUs ?? 0) * 1000 }.max() ?? start
            windowSeconds = max(Double(end - start) / 1e9, 1e-9)
            offeredRate = nil
            summary = "all \(requests.count) requests pooled"
            return
        }
        let records = Array(data.records.values)
        let bySteps = Dictionary(grouping: data.samples) { LLMSweepSequence.step(of: $0.sequence) }
        // Under an open-loop rate a request queued behind others waited from its intended send
        // time, so TTFT counts from there, as the capacity analysis does (coordinated omission).
        let steps = bySteps.keys.filter { LLMSweepStepKind(index: $0) == .rate }.map { index in
            let samples = bySteps[index]!
            let step = CapacityAnalysis.step(index: index, samples: samples, records: records, sloTTFT: nil, sloTPOT: nil)
            let requests = samples.map { Self.request($0, data.records[$0.sequence], fromIntended: true) }
            let good = requests.filter { InferenceEstimate.meets($0, service) }.count
            let share = requests.isEmpty ? 0 : Double(good) / Double(requests.count)
            return (step: step, requests: requests, passes: !requests.isEmpty && share >= service.targetShare)
        }.sorted { $0.step.offeredRate < $1.step.offeredRate }
        func rate(_ value: Double, _ digits: Int) -> String { NumberFormat.fixed(value, digits: digits) }
        if let knee = steps.last(where: \.passes) {
            requests = knee.requests
            windowSeconds = knee.step.seconds
            offeredRate = knee.step.offeredRate
            summary = "sweep step \(knee.step.index) at \(rate(knee.step.offeredRate, 2)) req/s (highest rate meeting the SLO), "
                + "\(knee.requests.count) requests"
        } else if let lowest = steps.first {
            // No rate meets the SLO: the least loaded rate is the provider's best case, and its verdict says "no".
            requests = lowest.requests
            windowSeconds = lowest.step.seconds
            offeredRate = lowest.step.offeredRate
            summary = "sweep step \(lowest.step.index) at \(rate(lowest.step.offeredRate, 2)) req/s (no rate met the SLO; the lowest), "
                + "\(lowest.requests.count) requests"
        } else {
            requests = []
            windowSeconds = 1e-9
            offeredRate = nil
            summary = "sweep without a constant-rate step"
        }
    }

    static func request(_ sample: Sample, _ record: LLMRequestRecord?, fromIntended: Bool) -> InferenceRequest {
        let queuedUs = fromIntended ? max(0, sample.startedNs - sample.intendedNs) / 1000 : 0
        let ttftUs = fromIntended ? CapacityAnalysis.ttftFromIntended(sample, record) ?? 0 : record?.ttftUs ?? 0
        return InferenceRequest(ok: sample.succeeded, ttftSeconds: Double(ttftUs) / 1e6,
                                tpotSeconds: Double(record?.tpotUs ?? 0) / 1e6,
                                totalSeconds: Double((sample.totalUs ?? 0) + queuedUs) / 1e6,
                                outputTokens: sample.succeeded ? record?.outputTokens ?? 0 : 0)
    }
}
