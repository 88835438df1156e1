/// "Which provider for this workload": the decision model (Sources/SondeCore/Decision) fed with
/// what this run measured. Per training workload and priced provider, the expected time to
/// result and cost with and without checkpoints, rankings, comparisons with the best provider,
/// and the little-data advice (docs/decision.md).
public struct DecisionAnalysis: Sendable {
    /// One training workload evaluated for every priced, watched provider.
    public struct Training: Sendable {
        /// The job as configured.
        public var workload: TrainingWorkload
        /// With checkpoints every Daly interval, ranked by expected time to result (soonest first).
        public var byTime: [TrainingEstimate]
        /// With checkpoints, ranked by expected cost (cheapest first).
        public var byCost: [TrainingEstimate]
        /// Without checkpoints, ranked by expected time to result.
        public var withoutCheckpoints: [TrainingEstimate]
        /// Every other provider against the soonest (time) and the cheapest (cost), with
        /// checkpoints; then against the soonest without checkpoints.
        public var comparisons: [DecisionComparison]
        /// Comparisons without checkpoints, against the soonest without checkpoints.
        public var comparisonsWithoutCheckpoints: [DecisionComparison]
        /// What was observed and how long to watch to tell the two soonest providers apart.
        public var advice: ObservationAdvice?
    }

    /// One inference workload evaluated for every priced provider the LLM probe measured.
    public struct Inference: Sendable {
        /// The SLO as configured.
        public var workload: InferenceWorkload
        /// Ranked by cost per million output tokens at goodput (cheapest first), those meeting
        /// the target share first.
        public var estimates: [InferenceEstimate]
        /// Per provider, the measured availability the goodput was scaled by.
        public var availability: [String: Double]
        /// Per provider, the LLM requests the estimate rests on.
        public var requests: [String: Int]
        /// Per provider, which requests were priced (`InferenceBasis.summary`): all pooled, or
        /// the capacity sweep's highest SLO-meeting rate.
        public var basis: [String: String] = [:]
    }

    /// What was measured per provider, in modelled time (see `timeScales`).
    public var evidence: [ProviderEvidence]
    /// Per provider, the emulator's stated time scale applied to its measured durations
    /// (`provision.time_scale`); absent for real providers (scale 1).
    public var timeScales: [String: Double]
    /// Per provider, its LLM goodput and SLO share when the run measured LLM requests.
    public var llm: [String: String]
    /// One entry per training workload.
    public var training: [Training]
    /// One entry per inference workload.
    public var inference: [Inference] = []
    /// Why a priced provider or a workload was left out.
    public var notes: [String]
    /// Draws per interval.
    public var resamples: Int
}

extension RunAnalysis {
    /// Adds the decision section's analysis: `prices` resolved by the caller (the catalog files
    /// are its I/O), `config` for the workloads and each provider's time scale. Without a
    /// workload or a priced provider there is nothing to decide, and nothing is added.
    public mutating func decide(prices: [ResolvedPrice], config: Config, resamples: Int = 2000, seed: UInt64 = 20_261_204) {
        let jobs = config.workloads.compactMap { workload -> TrainingWorkload? in
            if case let .training(job) = workload { return job }
            return nil
        }
        let services = config.workloads.compactMap { workload -> InferenceWorkload? in
            if case let .inference(service) = workload { return service }
            return nil
        }
        var notes: [String] = []
        let (bids, bidNotes) = Self.bidPrices(provisions, config: config, configured: prices)
        let prices = prices + bids
        notes += bidNotes
        guard !jobs.isEmpty || !services.isEmpty, !prices.isEmpty else { return }
        var scales: [String: Double] = [:]
        for provider in config.providers {
            if let scale = provider.provision?.timeScale, scale != 1 { scales[provider.name] = scale }
        }
        var evidence: [ProviderEvidence] = []
        for price in prices where !jobs.isEmpty {
            guard let row = availability?.rows.first(where: { $0.provider.name == price.provider }) else {
                notes.append("\(price.provider) is priced but was not watched by the availability probe: no training verdict.")
                continue
            }
            guard row.mtbf.timeAtRiskUs > 0 else {
                notes.append("\(price.provider) was never up while watched: no training verdict.")
                continue
            }
            let scale = scales[price.provider] ?? 1
            let provisionSeconds = provisions.compactMap { record -> Double? in
                guard record.provider == price.provider, let reachable = record.reachableNs else { return nil }
                return Double(reachable - record.requestedNs) / 1e9 * scale
            }
            evidence.append(ProviderEvidence(provider: price.provider, interruptions: row.interruptions,
                                             timeAtRiskSeconds: row.mtbf.timeAtRiskUs / 1e6 * scale,
                                             provisionSeconds: provisionSeconds, price: price))
        }
        let confidence = variance?.options.confidence ?? availability?.confidence ?? 0.95
        var training: [DecisionAnalysis.Training] = []
        for job in jobs where !evidence.isEmpty {
            func estimates(_ checkpointing: Bool) -> [TrainingEstimate] {
                evidence.enumerated().map { index, e in
                    TrainingEstimate(job: job, evidence: e, checkpointing: checkpointing, confidence: confidence,
                                     resamples: resamples, seed: seed, stream: UInt64(index))
                }
            }
            let with = estimates(true)
            let without = estimates(false)
            let byTime = with.sorted { Self.order($0.point.timeToResultSeconds, $1.point.timeToResultSeconds, $0, $1) }
            let byCost = with.sorted { Self.order($0.point.cost, $1.point.cost, $0, $1) }
            let withoutByTime = without.sorted { Self.order($0.point.timeToResultSeconds, $1.point.timeToResultSeconds, $0, $1) }
            var comparisons: [DecisionComparison] = []
            for other in byTime.dropFirst() { comparisons.append(DecisionComparison(other, byTime[0], measure: .timeToResult)) }
            for other in byCost.dropFirst() { comparisons.append(DecisionComparison(other, byCost[0], measure: .cost)) }
            let withoutComparisons = withoutByTime.dropFirst().map { DecisionComparison($0, withoutByTime[0], measure: .timeToResult) }
            var advice: ObservationAdvice?
            if byTime.count >= 2, let a = evidence.first(where: { $0.provider == byTime[0].provider }),
               let b = evidence.first(where: { $0.provider == byTime[1].provider }) {
                advice = ObservationAdvice(job: job, checkpointing: true, a, b, confidence: confidence)
            }
            training.append(.init(workload: job, byTime: byTime, byCost: byCost, withoutCheckpoints: withoutByTime,
                                  comparisons: comparisons, comparisonsWithoutCheckpoints: withoutComparisons, advice: advice))
        }
        var llmEvidence: [String: String] = [:]
        for row in llm?.rows ?? [] where row.requests > 0 {
            var text = "\(row.ok) of \(row.requests) LLM requests ok"
            if let goodput = row.goodput {
                text += "; goodput \(NumberFormat.fixed(goodput * 100, digits: 1))% of requests within the SLO"
            }
            if let rate = row.outputTokensPerSecond { text += "; \(NumberFormat.fixed(rate, digits: 1)) output tokens/s" }
            llmEvidence[row.provider.name] = text
        }
        var inference: [DecisionAnalysis.Inference] = []
        for service in services {
            var estimates: [InferenceEstimate] = []
            var availabilities: [String: Double] = [:]
            var counts: [String: Int] = [:]
            var bases: [String: String] = [:]
            for (index, price) in prices.enumerated() {
                guard let data = llmRequests.first(where: { $0.provider.name == price.provider }), !data.samples.isEmpty else { continue }
                let basis = InferenceBasis(data, service: service)
                bases[price.provider] = basis.summary
                let share = availability?.rows.first { $0.provider.name == price.provider }?.availability ?? 1
                availabilities[price.provider] = share
                counts[price.provider] = basis.requests.count
                estimates.append(InferenceEstimate(service: service, provider: price.provider, requests: basis.requests,
                                                   windowSeconds: basis.windowSeconds, availability: share,
                                                   price: price, confidence: confidence, resamples: resamples, seed: seed,
                                                   stream: UInt64(index)))
            }
            guard !estimates.isEmpty else {
                notes.append("Inference workload \(service.name): no priced provider was measured by the LLM probe.")
                continue
            }
            estimates.sort { x, y in
                x.meetsTarget != y.meetsTarget ? x.meetsTarget
                    : x.costPerMillionTokens != y.costPerMillionTokens ? x.costPerMillionTokens < y.costPerMillionTokens : x.provider < y.provider
            }
            inference.append(.init(workload: service, estimates: estimates, availability: availabilities, requests: counts, basis: bases))
        }
        decision = DecisionAnalysis(evidence: evidence, timeScales: scales, llm: llmEvidence, training: training,
                                    inference: inference, notes: notes, resamples: resamples)
    }

    /// Prices for akash providers without a configured `price:`: the mean hourly price of the
    /// bids this run accepted for them (each re-provisioned machine leased its own bid), as
    /// converted with the configured token rate (`BidPrice`), in the report currency. A bid in
    /// another currency without a stated rate, or without a token rate, is named in a note.
    static func bidPrices(_ provisions: [ProvisionRecord], config: Config,
                          configured: [ResolvedPrice]) -> ([ResolvedPrice], [String]) {
        var prices: [ResolvedPrice] = []
        var notes: [String] = []
        let report = configured.first?.currency ?? config.currency.currency
        for provider in config.providers where provider.pricing == nil && provider.provision?.adapter == .akash {
            let bids = provisions.filter { $0.provider == provider.name }.compactMap(\.bidPrice)
            guard !bids.isEmpty else { continue }
            let converted = bids.compactMap { bid in bid.perHour.flatMap { perHour in bid.currency.map { (perHour, $0) } } }
            guard converted.count == bids.count, let currency = converted.first?.1, converted.allSatisfy({ $0.1 == currency }) else {
                notes.append("\(provider.name): the accepted akash bids (per block, \(bids[0].denom)) have no hourly price: "
                    + "set provision.token_rate and provision.block_time, or price:.")
                continue
            }
            let target = report ?? currency
            guard let rate = currency == target ? 1 : config.currency.rates[currency] else {
                notes.append("\(provider.name): the akash bid is priced in \(currency), the report in \(target), and no rate is stated "
                    + "(prices.rates.\(currency)): no verdict.")
                continue
            }
            let mean = converted.map(\.0).reduce(0, +) / Double(converted.count)
            let origin = bids.count == 1 ? "akash bid" : "akash bid (mean of \(bids.count) accepted bids)"
            prices.append(ResolvedPrice(provider: provider.name, perHour: mean * rate, egressPerGiB: 0, currency: target,
                                        billingSeconds: 1, statedWaitSeconds: 0, origin: origin))
        }
        return (prices, notes)
    }

    /// Ascending by value, ties by provider name, so rankings do not depend on input order.
    private static func order(_ a: Double, _ b: Double, _ x: TrainingEstimate, _ y: TrainingEstimate) -> Bool {
        a != b ? a < b : x.provider < y.provider
    }
}
