import Testing
@testable import SondeCore

/// With heartbeats, the training verdict carries their figures (typed, and in its reason) instead of "interruption risk unknown".
struct TrainingVerdictTests {
    @Test func availabilityFillsTheInterruptionRisk() throws {
        let data = VarianceAnalysisTests.data()
        let before = try VarianceAnalysis(data, latency: LatencyAnalysis(data), options: AnalysisOptions(baseline: "cloud", resamples: 200)).verdicts
        let ok = InterruptionEpisodeTests.heartbeats(String(repeating: ".", count: 3601))
        let flaky = InterruptionEpisodeTests.heartbeats(String(repeating: ".", count: 1000) + "xxxxx" + String(repeating: ".", count: 2596))
        let availability = AvailabilityAnalysis([ProviderSeries(provider: data.series[0].provider, samples: ok),
                                                 ProviderSeries(provider: data.series[1].provider, samples: flaky)],
                                                failuresToInterrupt: 3, confidence: 0.95, job: .init())
        let analysis = try VarianceAnalysis(data, latency: LatencyAnalysis(data), options: AnalysisOptions(baseline: "cloud", resamples: 200),
                                            availability: availability)
        func training(_ name: String) -> String {
            analysis.verdicts.first { $0.provider == name && $0.workload == .training }?.reason ?? ""
        }
        #expect(training("cloud").hasSuffix("; 0 interruptions in 1.0 h; MTBF ≥ 20 min (95% lower bound); "
                + "a 40.0 h job runs uninterrupted with probability 0.00"), "\(training("cloud"))")
        // 3595 s up, r = 1: python3 -c "from scipy.stats import chi2; T=3595; print(2*T/chi2.ppf(0.975,4)/60, 2*T/chi2.ppf(0.025,2)/3600)"
        // -> 10.75 (min) 39.44 (h); the baseline: 3600 s / -ln(0.05) = 20.03 min.
        #expect(training("depin-a").hasSuffix("; 1 interruption in 1.0 h; MTBF 60 min (95% CI 11 min–39.4 h); "
                + "a 40.0 h job runs uninterrupted with probability 0.00"), "\(training("depin-a"))")
        // No heartbeats for depin-b: its verdict keeps saying so; fits never changes.
        #expect(training("depin-b").contains("interruption risk unknown"))
        #expect(analysis.verdicts.map(\.fits) == before.map(\.fits))
        // The facts are typed, not only worded: a reader of the JSON gets the numbers.
        let risk = analysis.verdicts.first { $0.provider == "depin-a" && $0.workload == .training }?.interruption
        #expect(risk?.interruptions == 1 && risk?.mtbfUs != nil)
        #expect(analysis.verdicts.first { $0.provider == "depin-b" && $0.workload == .training }?.interruption == nil)
    }
}
