import Foundation
import Testing
@testable import SondeCore

struct DecisionComparisonTests {
    static let job = TrainingWorkload(name: "train-10h", compute: .seconds(36_000), checkpointCost: .seconds(120), restartCost: .seconds(300))
    static func evidence(_ name: String, interruptions: Int, hours: Double, perHour: Double) -> ProviderEvidence {
        ProviderEvidence(provider: name, interruptions: interruptions, timeAtRiskSeconds: hours * 3600,
                         provisionSeconds: [100, 120, 140, 160],
                         price: ResolvedPrice(provider: name, perHour: perHour, egressPerGiB: 0, currency: "USD", billingSeconds: 1,
                                              statedWaitSeconds: 0, origin: "config"))
    }

    /// Two providers measured alike are not told apart, and the advice says no watch would.
    @Test func identicalEvidenceIsNotDistinguishable() {
        let a = Self.evidence("a", interruptions: 5, hours: 20, perHour: 2)
        let b = Self.evidence("b", interruptions: 5, hours: 20, perHour: 2)
        let ea = TrainingEstimate(job: Self.job, evidence: a, checkpointing: true, resamples: 1000, stream: 1)
        let eb = TrainingEstimate(job: Self.job, evidence: b, checkpointing: true, resamples: 1000, stream: 2)
        let comparison = DecisionComparison(ea, eb, measure: .cost)
        #expect(comparison.verdict == .notDistinguishable)
        #expect(comparison.summary.hasPrefix("a vs b: not distinguishable (95% interval of the ratio"))
        #expect(ObservationAdvice(job: Self.job, checkpointing: true, a, b).watchNeededSeconds == nil)
    }

    /// Half the price at the same measured reliability: cheaper, and the interval says by about 50%.
    @Test func halfThePriceIsCheaper() {
        let a = TrainingEstimate(job: Self.job, evidence: Self.evidence("a", interruptions: 5, hours: 20, perHour: 1),
                                 checkpointing: true, resamples: 1000, stream: 1)
        let b = TrainingEstimate(job: Self.job, evidence: Self.evidence("b", interruptions: 5, hours: 20, perHour: 2),
                                 checkpointing: true, resamples: 1000, stream: 2)
        let comparison = DecisionComparison(a, b, measure: .cost)
        #expect(comparison.verdict == .better)
        #expect(abs(comparison.ratio - 0.5) < 1e-12)
        #expect(comparison.interval.contains(0.5))
    }

    /// A provider that drops four times as often separates from a steadier one after a longer
    /// watch than the current one: the advice asks for more than the 20 h watched.
    @Test func moreWatchingNeededForCloseProviders() throws {
        let a = Self.evidence("a", interruptions: 2, hours: 20, perHour: 2)
        let b = Self.evidence("b", interruptions: 8, hours: 20, perHour: 2)
        let advice = ObservationAdvice(job: Self.job, checkpointing: true, a, b)
        let need = try #require(advice.watchNeededSeconds)
        #expect(need > 20 * 3600)
        #expect(advice.summary.contains("to tell a and b apart for train-10h, watch both for about"))
    }
}
