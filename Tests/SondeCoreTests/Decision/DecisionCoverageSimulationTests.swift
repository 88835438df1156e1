import Foundation
import Testing
@testable import SondeCore

/// Coverage of `TrainingEstimate`'s 95% interval of expected time to result on simulated inputs
/// with known truth: 1,000 repetitions per case, each drawing the heartbeat watch's interruption
/// count (Poisson with mean μ = watch / true MTBF) and eight provisioning times (exponential,
/// mean 300 s), then asking whether the interval holds the expectation at the true inputs.
/// Run: SONDE_SIMULATION=1 nice -n 10 swift test --skip-build --filter DecisionCoverageSimulation
@Suite("DecisionCoverageSimulation", .enabled(if: getenv("SONDE_SIMULATION").map { String(cString: $0) } == "1"))
struct DecisionCoverageSimulationTests {
    static let job = TrainingWorkload(name: "train-40h", compute: .seconds(40 * 3600), checkpointCost: .seconds(300),
                                      restartCost: .seconds(600))
    static let mtbf = 4 * 3600.0
    static let provisionMean = 300.0

    static func poisson(_ mean: Double, _ g: inout SeededGenerator) -> Int {
        var count = 0
        var t = -log(Double.random(in: Double.ulpOfOne..<1, using: &g))
        while t < mean {
            count += 1
            t -= log(Double.random(in: Double.ulpOfOne..<1, using: &g))
        }
        return count
    }

    @Test(arguments: [(0.5, true), (2.0, true), (5.0, true), (20.0, true), (5.0, false)])
    func intervalCoversTheTruth(expectedInterruptions mu: Double, checkpointing: Bool) {
        let price = ResolvedPrice(provider: "p", perHour: 1, egressPerGiB: 0, currency: "USD", billingSeconds: 1,
                                  statedWaitSeconds: 0, origin: "config")
        let truth = TrainingModel.expect(Self.job, checkpointing: checkpointing, mtbfSeconds: Self.mtbf,
                                         provisionSeconds: Self.provisionMean).timeToResultSeconds
        var g = SeededGenerator(seed: 20_261_204, stream: UInt64(mu * 10) + (checkpointing ? 0 : 1000))
        var covered = 0
        var byCount: [Int: (Int, Int)] = [:]
        let repetitions = 1000
        for rep in 0..<repetitions {
            let r = Self.poisson(mu, &g)
            let provisions = (0..<8).map { _ in -Self.provisionMean * log(Double.random(in: Double.ulpOfOne..<1, using: &g)) }
            let evidence = ProviderEvidence(provider: "p", interruptions: r, timeAtRiskSeconds: mu * Self.mtbf,
                                            provisionSeconds: provisions, price: price)
            let estimate = TrainingEstimate(job: Self.job, evidence: evidence, checkpointing: checkpointing, resamples: 1000,
                                            seed: 7, stream: UInt64(rep))
            let hit = estimate.timeToResult.contains(truth)
            covered += hit ? 1 : 0
            let old = byCount[r] ?? (0, 0)
            byCount[r] = (old.0 + (hit ? 1 : 0), old.1 + 1)
        }
        let rate = Double(covered) / Double(repetitions)
        let detail = [0, 2, 5, 20].compactMap { k in byCount[k].map { "r=\(k): \($0.0)/\($0.1)" } }.joined(separator: ", ")
        print("mu=\(mu) checkpointing=\(checkpointing): coverage \(rate) (\(detail))")
        if mu >= 2 { #expect(abs(rate - 0.95) <= 0.03, "coverage \(rate) at mu \(mu)") }
    }
}
