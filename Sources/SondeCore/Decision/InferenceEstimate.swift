/// One measured LLM request, the input of an inference verdict.
public struct InferenceRequest: Sendable, Equatable {
    /// Whether the request succeeded (a failed request never meets the SLO).
    public var ok: Bool
    /// Time to first token.
    public var ttftSeconds: Double
    /// Mean time per output token after the first.
    public var tpotSeconds: Double
    /// Whole request time.
    public var totalSeconds: Double
    /// Output tokens received.
    public var outputTokens: Int

    /// A request with its measured timings.
    public init(ok: Bool, ttftSeconds: Double, tpotSeconds: Double, totalSeconds: Double, outputTokens: Int) {
        self.ok = ok
        self.ttftSeconds = ttftSeconds
        self.tpotSeconds = tpotSeconds
        self.totalSeconds = totalSeconds
        self.outputTokens = outputTokens
    }
}

/// Share of requests meeting an inference SLO and the cost per million output tokens at
/// goodput (tokens of SLO-meeting requests per second of the measured window), adjusted for
/// availability: a machine paid for all the time serves only the available share of it.
///
/// Method: point values from the requests; intervals by Efron's percentile bootstrap of the
/// requests (iid resampling: under autocorrelated latency the intervals are too narrow, the
/// caveat the report states). Availability enters as measured, without its own interval.
public struct InferenceEstimate: Sendable, Equatable {
    /// The provider measured.
    public var provider: String
    /// The inference workload's name.
    public var workload: String
    /// Share of requests meeting the SLO.
    public var share: Double
    /// Bootstrap percentile interval of `share`.
    public var shareInterval: ClosedRange<Double>
    /// Whether the share reaches the workload's target share.
    public var meetsTarget: Bool
    /// Output tokens per second from requests meeting the SLO.
    public var goodputTokensPerSecond: Double
    /// Report currency per million output tokens at goodput; infinite with no goodput.
    public var costPerMillionTokens: Double
    /// Bootstrap percentile interval of `costPerMillionTokens`.
    public var costInterval: ClosedRange<Double>

    /// Evaluates `service` on `requests` measured over `windowSeconds`.
    public init(service: InferenceWorkload, provider: String, requests: [InferenceRequest], windowSeconds: Double,
                availability: Double, price: ResolvedPrice, confidence: Double = 0.95, resamples: Int = 2000,
                seed: UInt64 = 20_261_204, stream: UInt64 = 0) {
        self.provider = provider
        workload = service.name
        let good = requests.map { Self.meets($0, service) }
        func figures(_ indices: [Int]) -> (share: Double, cost: Double) {
            var count = 0
            var tokens = 0
            for i in indices where good[i] {
                count += 1
                tokens += requests[i].outputTokens
            }
            let share = indices.isEmpty ? 0 : Double(count) / Double(indices.count)
            let goodput = Double(tokens) / windowSeconds * max(availability, 0)
            return (share, goodput > 0 ? price.perHour / 3600 / goodput * 1e6 : .infinity)
        }
        let all = figures(Array(requests.indices))
        share = all.share
        costPerMillionTokens = all.cost
        meetsTarget = all.share >= service.targetShare
        goodputTokensPerSecond = Double(requests.indices.filter { good[$0] }.map { requests[$0].outputTokens }.reduce(0, +)) / windowSeconds
        var generator = SeededGenerator(seed: seed, stream: stream)
        var shares: [Double] = []
        var costs: [Double] = []
        let n = requests.count
        for _ in 0..<(n > 0 ? resamples : 0) {
            let f = figures((0..<n).map { _ in Int.random(in: 0..<n, using: &generator) })
            shares.append(f.share)
            costs.append(f.cost)
        }
        let low = (1 - confidence) / 2
        shareInterval = n > 0 ? Quantile.of(shares, low)...Quantile.of(shares, 1 - low) : 0...0
        costInterval = n > 0 && costs.allSatisfy(\.isFinite) ? Quantile.of(costs, low)...Quantile.of(costs, 1 - low) : costPerMillionTokens...Double.infinity
    }

    /// Whether one request succeeded within every limit of the SLO.
    public static func meets(_ r: InferenceRequest, _ service: InferenceWorkload) -> Bool {
        r.ok && service.ttft.map { r.ttftSeconds <= $0.seconds } ?? true && service.tpot.map { r.tpotSeconds <= $0.seconds } ?? true
            && service.total.map { r.totalSeconds <= $0.seconds } ?? true
    }
}
