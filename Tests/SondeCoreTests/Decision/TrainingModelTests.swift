import Foundation
import Testing
@testable import SondeCore

struct TrainingModelTests {
    /// The Monte Carlo of the same process, 100,000 jobs per case:
    /// nice -n 10 python3 scripts/stats/decision-montecarlo.py
    /// -> (case, completion mean, SE, billed mean, SE, interruptions mean, SE), seconds
    static let simulated: [(String, Double, Double, Double, Double, Double, Double)] = [
        ("a", 183566, 19.45, 181059, 16.46, 8.37389, 0.009856),
        ("b", 1.76093e+07, 5.531e+04, 1.73685e+07, 5.455e+04, 804.151, 2.545),
        ("c", 42390.1, 6.178, 41698.5, 5.197, 5.78723, 0.008255),
        ("d", 171214, 27.99, 167047, 18.23, 2.31533, 0.005045),
        ("e", 39406.4, 5.766, 38765.5, 5.101, 10.7751, 0.01163),
        ("f", 194653, 30.28, 212787, 47.29, 12.9818, 0.01282),
        ("g", 24093.1, 33.54, 25998.8, 40.15, 0.65176, 0.003304),
        ("h", 150674, 7.444, 152546, 10.01, 0.21024, 0.001455),
    ]
    static let h = 3600.0
    /// The script's CASES: T, delta, R, M, P, tau (nil: no checkpoint), g.
    static let cases: [String: (Double, Double, Double, Double, Double, Double?, Double)] = [
        "a": (40 * h, 300, 600, 6 * h, 300, 1800, 1),
        "b": (40 * h, 300, 600, 6 * h, 300, nil, 1),
        "c": (10 * h, 60, 120, 2 * h, 120, 900, 1),
        "d": (40 * h, 600, 300, 20 * h, 1800, 5400, 1),
        "e": (8 * h, 120, 60, 1 * h, 60, 600, 1),
        "f": (40 * h, 300, 600, 4 * h, 600, 2000, h),
        "g": (5 * h, 120, 300, 10 * h, 900, nil, h),
        "h": (40 * h, 300, 600, 200 * h, 300, 7200, h),
    ]

    static func agrees(_ model: Double, _ mean: Double, _ se: Double) -> Bool {
        abs(model - mean) <= max(0.01 * abs(mean), 3 * se)
    }

    @Test(arguments: simulated.map(\.0))
    func expectedTimeCostAndInterruptionsMatchTheSimulation(_ name: String) throws {
        let row = try #require(Self.simulated.first { $0.0 == name })
        let (t, delta, r, m, p, tau, g) = try #require(Self.cases[name])
        let process = TrainingProcess(computeSeconds: t, checkpointCostSeconds: delta, restartCostSeconds: r, checkpointIntervalSeconds: tau)
        let e = TrainingModel.expect(process, mtbfSeconds: m, provisionSeconds: p, billingSeconds: g, pricePerHour: 2)
        print("\(name): completion \(e.completionSeconds / row.1 - 1), billed \(e.billedSeconds / row.3 - 1), interruptions \(e.interruptions / row.5 - 1)")
        #expect(Self.agrees(e.completionSeconds, row.1, row.2), "completion \(e.completionSeconds) vs \(row.1)")
        #expect(Self.agrees(e.billedSeconds, row.3, row.4), "billed \(e.billedSeconds) vs \(row.3)")
        #expect(Self.agrees(e.interruptions, row.5, row.6), "interruptions \(e.interruptions) vs \(row.5)")
        #expect(abs(e.cost - 2 * e.billedSeconds / 3600) < 1e-9)
    }

    /// With P = 0 and equal segments, each segment is Daly's eq. (13) term.
    @Test func reducesToDalyWithoutProvisioning() {
        let process = TrainingProcess(computeSeconds: 36_000, checkpointCostSeconds: 300, restartCostSeconds: 600, checkpointIntervalSeconds: 3600)
        let e = TrainingModel.expect(process, mtbfSeconds: 20_000, provisionSeconds: 0)
        // Nine segments of 3600 + 300, then 3600 without a checkpoint.
        let daly = { (l: Double) in 20_000 * exp(600 / 20_000) * expm1(l / 20_000) }
        #expect(abs(e.completionSeconds - (9 * daly(3900) + daly(3600))) < 1e-6)
    }

    /// The stated wait is added to the time to result and never billed.
    @Test func statedWaitIsNotBilled() {
        let job = TrainingWorkload(name: "j", compute: .seconds(3600), checkpointCost: .seconds(60), restartCost: .seconds(60))
        let a = TrainingModel.expect(job, checkpointing: true, mtbfSeconds: .infinity, provisionSeconds: 100, waitSeconds: 0,
                                     billingSeconds: 3600, pricePerHour: 3)
        let b = TrainingModel.expect(job, checkpointing: true, mtbfSeconds: .infinity, provisionSeconds: 100, waitSeconds: 21 * 86_400,
                                     billingSeconds: 3600, pricePerHour: 3)
        #expect(b.timeToResultSeconds - a.timeToResultSeconds == 21 * 86_400)
        #expect(a.cost == b.cost && a.cost == 3)
        #expect(a.timeToResultSeconds == 3700)
    }
}
