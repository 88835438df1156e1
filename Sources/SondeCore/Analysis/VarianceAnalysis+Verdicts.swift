extension VarianceAnalysis {
    /// Inference needs a p99 under the SLO; training needs throughput near the baseline's. Both
    /// need few errors. Training would also weigh interruptions, which need availability data.
    /// `availability`, when the run has heartbeats, gives the training verdicts their interruption
    /// facts; whether a provider fits is unchanged, since no rule on interruptions is configured yet.
    static func verdicts(_ latency: LatencyAnalysis, comparisons: [Comparison], options: AnalysisOptions,
                         availability: AvailabilityAnalysis? = nil) -> [WorkloadVerdict] {
        var verdicts: [WorkloadVerdict] = []
        for provider in latency.providers {
            let name = provider.provider.name
            let risk = availability.flatMap { analysis in
                analysis.rows.first { $0.provider.name == name }.flatMap { InterruptionRisk($0, confidence: analysis.confidence) }
            }
            let riskText = risk?.phrase ?? InterruptionRisk.unknownPhrase
            let errorRate = provider.attempts > 0 ? Double(provider.errorCount) / Double(provider.attempts) : 1
            let errors = "errors \(Format.percent(errorRate)) (limit \(Format.percent(options.maxErrorRate)))"
            guard let total = provider.total else {
                for workload in [WorkloadVerdict.Workload.inference, .training] {
                    verdicts.append(WorkloadVerdict(provider: name, workload: workload, fits: false,
                                                    reason: "no successful attempt; \(errors)"))
                }
                continue
            }
            let p99Fits = total.p99 <= options.inferenceSloP99Us
            let slo = "p99 \(Format.ms(total.p99)) \(p99Fits ? "≤" : ">") SLO \(Format.ms(options.inferenceSloP99Us))"
            verdicts.append(WorkloadVerdict(provider: name, workload: .inference, fits: p99Fits && errorRate <= options.maxErrorRate,
                                            reason: "\(slo); \(errors)"))

            let training: WorkloadVerdict
            if name == options.baseline {
                training = WorkloadVerdict(provider: name, workload: .training, fits: errorRate <= options.maxErrorRate,
                                           reason: "baseline; \(errors); \(riskText)", interruption: risk)
            } else if let ratio = comparisons.first(where: { $0.subject == .provider && $0.name == name })?.throughputRatio {
                let enough = ratio.point >= options.minThroughputRatio
                training = WorkloadVerdict(
                    provider: name, workload: .training, fits: enough && errorRate <= options.maxErrorRate,
                    reason: "throughput \(Format.ratio(ratio.point)) of baseline (CI \(Format.ratio(ratio.lower))–\(Format.ratio(ratio.upper)); "
                        + "limit \(Format.ratio(options.minThroughputRatio))); \(errors); \(riskText)", interruption: risk)
            } else {
                training = WorkloadVerdict(provider: name, workload: .training, fits: false,
                                           reason: "no throughput comparison; \(errors)")
            }
            verdicts.append(training)
        }
        return verdicts
    }
}

/// Number wording shared by the analysis's sentences.
enum Format {
    static func ms(_ microseconds: Double) -> String {
        let ms = microseconds / 1000
        return ms >= 100 ? "\(fixed(ms, 0)) ms" : "\(fixed(ms, 1)) ms"
    }

    static func percent(_ share: Double) -> String { "\(fixed(share * 100, 1))%" }

    static func ratio(_ value: Double) -> String { "\(fixed(value, 2))x" }

    static func times(_ value: Double) -> String { value >= 10 ? fixed(value, 0) : fixed(value, 1) }

    static func pValue(_ p: Double) -> String {
        if p < 0.001 { return "p < 0.001" }
        return "p = \(fixed(p, 3))"
    }

    /// Fixed-point text, through the reports' one formatter.
    static func fixed(_ value: Double, _ digits: Int) -> String { NumberFormat.fixed(value, digits: digits) }
}
