/// The capacity sweep's analysis, per provider: every step's offered and achieved rate, latency
/// percentiles, goodput and share meeting the SLO, and the knee: the highest offered rate at
/// which at least `target` of the requests met the SLO, with the interval up to the lowest
/// failing rate above it. Pure; recomputed from stored samples and LLM records, whose
/// sequences carry the step (`LLMSweepSequence`). Quantiles are type 7.
public struct CapacityAnalysis: Sendable, Equatable {
    /// One step of one provider's sweep.
    public struct Step: Sendable, Equatable, Codable {
        public var index: Int
        public var kind: LLMSweepStepKind
        /// Requests per second the schedule offered: from the intended send times of a
        /// constant-rate step ((n − 1) / span); the achieved rate for the closed-loop steps.
        public var offeredRate: Double
        /// Successful requests per second, over the step's span (first send to last end).
        public var achievedRate: Double
        /// Requests sent, and how many succeeded and met the SLO.
        public var requests: Int
        public var succeeded: Int
        public var meetingSLO: Int
        /// `meetingSLO / requests`.
        public var share: Double
        /// Time to first token from the intended send time (so queueing before the send counts),
        /// microseconds: p50, p90, p99 over successful requests.
        public var ttftUs: Percentiles?
        /// Per-request median inter-token latencies, their p50 and p99.
        public var itlUs: Percentiles?
        public var tpotUs: Percentiles?
        /// Requests and output tokens per second that met the SLO, over the step's span.
        public var goodputRequests: Double
        public var goodputTokens: Double
        /// The step's span in seconds.
        public var seconds: Double

        // Keys that survive the JSON report's snake-case round trip ("meeting_slo" reads back as
        // "meetingSlo", not "meetingSLO").
        enum CodingKeys: String, CodingKey {
            case index, kind, offeredRate, achievedRate, requests, succeeded, share, ttftUs, itlUs, tpotUs, goodputRequests, goodputTokens, seconds
            case meetingSLO = "meetingSlo"
        }

        /// Whether the step passed: a share of at least `target` met the SLO.
        public func passes(target: Double) -> Bool { requests > 0 && share >= target }
    }

    /// p50, p90, p99 of a set of values.
    public struct Percentiles: Sendable, Equatable, Codable {
        public var p50: Double
        public var p90: Double
        public var p99: Double

        init?(_ values: [Double]) {
            guard !values.isEmpty else { return nil }
            let sorted = values.sorted()
            p50 = Quantile.ofSorted(sorted, 0.5)
            p90 = Quantile.ofSorted(sorted, 0.9)
            p99 = Quantile.ofSorted(sorted, 0.99)
        }
    }

    /// The knee and its interval: the true breaking rate lies in `rate ..< upper` (no upper when
    /// no step above the knee failed).
    public struct Knee: Sendable, Equatable, Codable {
        public var rate: Double
        public var upper: Double?
    }

    /// One provider's sweep.
    public struct Provider: Sendable, Equatable {
        public var providerID: Int64
        public var steps: [Step]
        /// `nil` when no constant-rate step passed.
        public var knee: Knee?

        /// The constant-rate step to compare with another run's knee at `rate`: the highest
        /// offered rate at most 1% above it (a step that would be more loaded than the knee is
        /// never used), or the lowest step when every step lies above.
        public func step(near rate: Double) -> Step? {
            let rated = steps.filter { $0.kind == .rate && $0.requests > 0 }
            return rated.filter { $0.offeredRate <= rate * 1.01 }.max { $0.offeredRate < $1.offeredRate }
                ?? rated.min { $0.offeredRate < $1.offeredRate }
        }
    }

    public var providers: [Provider]
    public var sloTTFT: Duration?
    public var sloTPOT: Duration?
    public var target: Double

    /// The analysis of a stored sweep, as `SampleStore.loadLLM` returns it.
    public init(_ data: [LLMProviderData], sloTTFT: Duration?, sloTPOT: Duration?, target: Double = 0.99) {
        self.init(samples: data.flatMap(\.samples), records: data.flatMap { Array($0.records.values) },
                  sloTTFT: sloTTFT, sloTPOT: sloTPOT, target: target)
    }

    /// The analysis of the sweep samples and records of every provider (records matched to
    /// samples by provider and sequence).
    public init(samples: [Sample], records: [LLMRequestRecord], sloTTFT: Duration?, sloTPOT: Duration?,
                target: Double = 0.99) {
        self.sloTTFT = sloTTFT
        self.sloTPOT = sloTPOT
        self.target = target
        var recordOf: [Key: LLMRequestRecord] = [:]
        for record in records { recordOf[Key(provider: record.providerID, sequence: record.sequence)] = record }
        let byProvider = Dictionary(grouping: samples.filter { $0.probe == .llm }, by: \.providerID)
        providers = byProvider.keys.sorted().map { id in
            let bySteps = Dictionary(grouping: byProvider[id]!) { LLMSweepSequence.step(of: $0.sequence) }
            let steps = bySteps.keys.sorted().map { index in
                Self.step(index: index, samples: bySteps[index]!, recordOf: recordOf, sloTTFT: sloTTFT, sloTPOT: sloTPOT)
            }
            return Provider(providerID: id, steps: steps, knee: Self.knee(steps, target: target))
        }
    }

    struct Key: Hashable {
        var provider: Int64
        var sequence: Int64
    }

    /// The knee of a provider's steps: the highest passing constant-rate step, and the lowest
    /// failing one above it.
    public static func knee(_ steps: [Step], target: Double) -> Knee? {
        let rated = steps.filter { $0.kind == .rate && $0.requests > 0 }
        guard let best = rated.filter({ $0.passes(target: target) }).max(by: { $0.offeredRate < $1.offeredRate }) else {
            return nil
        }
        let upper = rated.filter { !$0.passes(target: target) && $0.offeredRate > best.offeredRate }.map(\.offeredRate).min()
        return Knee(rate: best.offeredRate, upper: upper)
    }

    /// One step from its own samples and records (the sweep judges each step with this as it runs).
    public static func step(index: Int, samples: [Sample], records: [LLMRequestRecord], sloTTFT: Duration?,
                            sloTPOT: Duration?) -> Step {
        var recordOf: [Key: LLMRequestRecord] = [:]
        for record in records { recordOf[Key(provider: record.providerID, sequence: record.sequence)] = record }
        return step(index: index, samples: samples, recordOf: recordOf, sloTTFT: sloTTFT, sloTPOT: sloTPOT)
    }

    /// TTFT of a request from its intended send time, microseconds.
    static func ttftFromIntended(_ sample: Sample, _ record: LLMRequestRecord?) -> Int64? {
        guard let ttft = record?.ttftUs ?? sample.ttfbUs else { return nil }
        return ttft + max(0, sample.startedNs - sample.intendedNs) / 1000
    }

    static func step(index: Int, samples: [Sample], recordOf: [Key: LLMRequestRecord], sloTTFT: Duration?,
                     sloTPOT: Duration?) -> Step {
        let kind = LLMSweepStepKind(index: index)
        let ordered = samples.sorted { $0.intendedNs < $1.intendedNs }
        let firstNs = ordered.map(\.intendedNs).min() ?? 0
        let lastEndNs = ordered.map { $0.startedNs + ($0.totalUs ?? 0) * 1000 }.max() ?? firstNs
        let seconds = max(1e-9, Double(lastEndNs - firstNs) / 1e9)
        var ttft: [Double] = [], itl: [Double] = [], tpot: [Double] = []
        var succeeded = 0, good = 0, goodTokens = 0
        for sample in ordered where sample.succeeded {
            succeeded += 1
            let record = recordOf[Key(provider: sample.providerID, sequence: sample.sequence)]
            let firstToken = ttftFromIntended(sample, record)
            if let firstToken { ttft.append(Double(firstToken)) }
            if let value = record?.itlP50Us { itl.append(Double(value)) }
            if let value = record?.tpotUs { tpot.append(Double(value)) }
            let meetsTTFT = sloTTFT.map { (firstToken ?? .max) <= $0.microseconds } ?? true
            let meetsTPOT = sloTPOT.map { slo in record?.tpotUs.map { $0 <= slo.microseconds } ?? true } ?? true
            if meetsTTFT && meetsTPOT {
                good += 1
                goodTokens += record?.outputTokens ?? 0
            }
        }
        let offered: Double
        if kind == .rate, ordered.count > 1, let last = ordered.last, last.intendedNs > firstNs {
            offered = Double(ordered.count - 1) / (Double(last.intendedNs - firstNs) / 1e9)
        } else {
            offered = Double(succeeded) / seconds
        }
        return Step(index: index, kind: kind, offeredRate: offered, achievedRate: Double(succeeded) / seconds,
                    requests: ordered.count, succeeded: succeeded, meetingSLO: good,
                    share: ordered.isEmpty ? 0 : Double(good) / Double(ordered.count),
                    ttftUs: Percentiles(ttft), itlUs: Percentiles(itl), tpotUs: Percentiles(tpot),
                    goodputRequests: Double(good) / seconds, goodputTokens: Double(goodTokens) / seconds, seconds: seconds)
    }
}
