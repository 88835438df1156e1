import Testing
@testable import SondeCore

@Suite struct CapacityRuleTests {
    let rule = CapacityRule(level: 0.05, limit: 0.05)

    /// Fisher's one-sided p for [[99, 1], [60, 40]] is 1.743e-13 (scipy, see FisherExactTests).
    @Test func aLargeSignificantDropFails() {
        let f = rule.evaluate(rate: 20, baseline: .init(meetingSLO: 99, requests: 100), candidate: .init(meetingSLO: 60, requests: 100))
        #expect(f.failed && abs(f.pValue - 1.7432904616517284e-13) < 1e-20 && abs(f.drop - 0.39) < 1e-12)
    }

    /// [[100, 0], [97, 3]]: p = 0.123 (scipy), not significant although the drop is 3 points.
    @Test func anUnchangedRerunPasses() {
        #expect(!rule.evaluate(rate: 20, baseline: .init(meetingSLO: 100, requests: 100), candidate: .init(meetingSLO: 97, requests: 100)).failed)
        #expect(!rule.evaluate(rate: 20, baseline: .init(meetingSLO: 60, requests: 60), candidate: .init(meetingSLO: 60, requests: 60)).failed)
    }

    /// Significant but below the limit: [[40, 10], [30, 20]] has p = 0.0243; a 20-point drop
    /// fails at limit 5%, but not at limit 25%.
    @Test func theLimitGuardsAgainstSmallDrops() {
        let counts = (CapacityRule.Counts(meetingSLO: 40, requests: 50), CapacityRule.Counts(meetingSLO: 30, requests: 50))
        #expect(rule.evaluate(rate: 1, baseline: counts.0, candidate: counts.1).failed)
        #expect(!CapacityRule(level: 0.05, limit: 0.25).evaluate(rate: 1, baseline: counts.0, candidate: counts.1).failed)
    }
}
