import Foundation
import Testing
@testable import SondeCore

/// The mission's example (docs/decision.md): a 40-hour training job; a cloud with a stated
/// three-week wait and rare interruptions against DePIN nodes available within minutes with an
/// MTBF of hours. Figures printed here are the ones quoted in docs/decision.md:
/// swift test --skip-build --filter WorkedExampleTests
struct WorkedExampleTests {
    static let job = TrainingWorkload(name: "train-40h", compute: .seconds(40 * 3600), checkpointCost: .seconds(300),
                                      restartCost: .seconds(600))
    static func cloud(wait days: Double) -> ProviderEvidence {
        ProviderEvidence(provider: "cloud", interruptions: 1, timeAtRiskSeconds: 30 * 86_400, provisionSeconds: [240, 300, 330, 280, 310],
                         price: ResolvedPrice(provider: "cloud", perHour: 32.77, egressPerGiB: 0, currency: "USD", billingSeconds: 1,
                                              statedWaitSeconds: days * 86_400, origin: "config"))
    }
    static let depin = ProviderEvidence(provider: "depin", interruptions: 12, timeAtRiskSeconds: 48 * 3600,
                                        provisionSeconds: [60, 90, 120, 75, 100, 180],
                                        price: ResolvedPrice(provider: "depin", perHour: 8.8, egressPerGiB: 0, currency: "USD",
                                                             billingSeconds: 1, statedWaitSeconds: 0, origin: "config"))

    static func estimate(_ e: ProviderEvidence, checkpointing: Bool, stream: UInt64) -> TrainingEstimate {
        TrainingEstimate(job: job, evidence: e, checkpointing: checkpointing, resamples: 2000, stream: stream)
    }

    static func line(_ e: TrainingEstimate) -> String {
        let h = { (s: Double) in String(format: "%.1f h", s / 3600) }
        return "\(e.provider) \(e.checkpointing ? "checkpoints" : "no checkpoints"): time \(h(e.point.timeToResultSeconds)) "
            + "(95% \(h(e.timeToResult.lowerBound))–\(h(e.timeToResult.upperBound))), cost "
            + String(format: "%.0f USD (95%% %.0f–%.0f), interruptions %.2f", e.point.cost, e.cost.lowerBound, e.cost.upperBound, e.point.interruptions)
    }

    @Test func threeWeekWaitAgainstHourlyMTBF() {
        let cloud = Self.estimate(Self.cloud(wait: 21), checkpointing: true, stream: 1)
        let depin = Self.estimate(Self.depin, checkpointing: true, stream: 2)
        let depinBare = Self.estimate(Self.depin, checkpointing: false, stream: 3)
        let time = DecisionComparison(depin, cloud, measure: .timeToResult)
        let cost = DecisionComparison(depin, cloud, measure: .cost)
        let bare = DecisionComparison(depinBare, cloud, measure: .timeToResult)
        let advice = ObservationAdvice(job: Self.job, checkpointing: true, Self.depin, Self.cloud(wait: 21))
        for text in [Self.line(cloud), Self.line(depin), Self.line(depinBare), time.summary, cost.summary, bare.summary, advice.summary] {
            print(text)
        }
        // With checkpoints DePIN finishes weeks sooner and costs less; without them it never realistically finishes.
        #expect(time.verdict == .better && cost.verdict == .better)
        #expect(bare.verdict == .worse)
        #expect(depin.point.timeToResultSeconds < 3 * 86_400 && cloud.point.timeToResultSeconds > 21 * 86_400)
        #expect(depinBare.point.completionSeconds > 100 * 40 * 3600)
    }

    /// Without the stated wait the cloud wins on time: the ranking flips with the wait.
    @Test func rankingFlipsWithTheStatedWait() {
        let depin = Self.estimate(Self.depin, checkpointing: true, stream: 2)
        let noWait = DecisionComparison(depin, Self.estimate(Self.cloud(wait: 0), checkpointing: true, stream: 1), measure: .timeToResult)
        print(noWait.summary)
        #expect(noWait.verdict == .worse)
    }

    /// Little data: one minute of heartbeats without an interruption says nothing useful about a
    /// 40-hour job, and the advice says how long to watch instead of "runs with probability 0.05".
    @Test func littleDataAdvice() throws {
        let shortWatch = ProviderEvidence(provider: "new", interruptions: 0, timeAtRiskSeconds: 60, provisionSeconds: [90],
                                          price: Self.depin.price)
        let advice = ObservationAdvice(job: Self.job, checkpointing: false, shortWatch, Self.depin)
        print(advice.summary)
        #expect(advice.observed[0] == "new: no interruption in 1.0 min watched; MTBF ≥ 20.0 s (one-sided 95%)")
        let need = try #require(advice.watchNeededSeconds)
        #expect(need > 60)
        let estimate = Self.estimate(shortWatch, checkpointing: false, stream: 4)
        // Half the mid-p draws are "never interrupted", half from the bound's distribution: the interval is wide.
        #expect(estimate.timeToResult.lowerBound < 40.1 * 3600 && estimate.timeToResult.upperBound > 1e6 * 3600)
    }
}
