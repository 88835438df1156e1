import Foundation
import Testing
@testable import SondeCore

/// Known truth: heartbeats every second against a provider whose up-times are exponential with
/// a known mean and whose outages last a known time. The detector must find every outage, and
/// the exact interval must cover the true MTBF in about 95% of repetitions (the time-truncated
/// interval is slightly conservative, so at least 95%, and not wildly more).
struct MTBFCoverageSimulationTests {
    static let trueMTBF = 300.0   // seconds of up-time between drops
    static let outage = 20        // seconds down per drop (heartbeats fail)
    static let observed = 3 * 3600

    /// One simulated provider: heartbeat outcomes at 0, 1, 2, ... s and how many drops began.
    static func simulate(_ rng: inout SeededGenerator) -> (samples: [Sample], drops: Int) {
        var samples: [Sample] = []
        var drops = 0
        var t = 0
        var nextDrop = Int(exponential(&rng, mean: trueMTBF).rounded(.up))
        var downUntil = -1
        while t < observed {
            if t >= nextDrop && t > downUntil {
                // A drop in the last seconds is seen by fewer than 3 heartbeats: not an interruption yet.
                if t <= observed - 3 { drops += 1 }
                downUntil = t + outage - 1
                // The next up-time starts when the provider is back.
                nextDrop = downUntil + 1 + Int(exponential(&rng, mean: trueMTBF).rounded(.up))
            }
            let down = t <= downUntil
            samples.append(Sample(providerID: 1, probe: .availability, sequence: Int64(t), intendedNs: Int64(t) * 1_000_000_000,
                                  startedNs: Int64(t) * 1_000_000_000, totalUs: down ? nil : 500,
                                  errorClass: down ? .timeout : nil))
            t += 1
        }
        return (samples, drops)
    }

    static func exponential(_ rng: inout SeededGenerator, mean: Double) -> Double {
        -mean * log(1 - Double.random(in: 0..<1, using: &rng))
    }

    @Test func intervalCoversTheTrueMTBFAbout95Percent() {
        var rng = SeededGenerator(seed: 20_261_125)
        let provider = Provider(name: "sim", kind: .depin, region: "", jurisdiction: "", endpoint: "http://127.0.0.1/")
        let reps = 300
        var covered = 0
        var missedDrops = 0
        for _ in 0..<reps {
            let (samples, drops) = Self.simulate(&rng)
            let analysis = AvailabilityAnalysis([ProviderSeries(provider: provider, samples: samples)], failuresToInterrupt: 3,
                                                confidence: 0.95, job: .init())
            let row = analysis.rows[0]
            if row.interruptions != drops { missedDrops += 1 }
            if row.mtbf.contains(Self.trueMTBF * 1e6) { covered += 1 }
        }
        let coverage = Double(covered) / Double(reps)
        print("[simulation] MTBF exact interval: coverage \(coverage) over \(reps) repetitions, true MTBF \(Self.trueMTBF) s")
        #expect(missedDrops == 0, "the detector miscounted drops in \(missedDrops) of \(reps) repetitions")
        // Binomial(300, 0.95) has sd 1.3%: 0.92-0.99 fails a broken interval, not an honest one.
        #expect(coverage >= 0.92 && coverage <= 0.99, "coverage \(coverage)")
    }
}
