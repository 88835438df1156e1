import Testing
@testable import SondeCore

struct PooledAvailabilityTests {
    /// Heartbeats once a second from `fromSecond` through `toSecond`, failing at `failing`.
    static func run(_ fromSecond: Int64, _ toSecond: Int64, failing: Set<Int64>) -> [Sample] {
        (fromSecond...toSecond).map { s in
            Sample(providerID: 1, probe: .availability, sequence: s - fromSecond, intendedNs: s * 1_000_000_000,
                   startedNs: s * 1_000_000_000, totalUs: failing.contains(s) ? nil : 500,
                   errorClass: failing.contains(s) ? .refused : nil)
        }
    }

    // Run A: 0...10 s, failures at 3,4,5 (back at 6) and at 9,10 (still down at its end).
    // Run B: 100...110 s, failures at 100,101 (back at 102). Run C: 200...205 s, all up.
    // By hand, three failures making an interruption:
    //   episodes: [3, 6) and the one from 9 s spanning the gap to 102 s, counted once (2 + 2
    //   failures, neither side enough alone); down = 3 + (10 − 9) + (102 − 100) = 6 s;
    //   observed = 10 + 10 + 5 = 25 s; availability = 19/25 = 0.76; MTBF = 19/2 = 9.5 s.
    // python3 -c "from scipy.stats import chi2; T=19e6; print(2*T/chi2.ppf(0.975,6), 2*T/chi2.ppf(0.025,4))"
    // -> 2629871.47318241 78444558.8303554
    @Test func anInterruptionAcrossTwoRunsCountsOnceAndTheGapIsNotObserved() throws {
        let runs = [Self.run(0, 10, failing: [3, 4, 5, 9, 10]), Self.run(100, 110, failing: [100, 101]),
                    Self.run(200, 205, failing: [])]
        let pooled = PooledAvailability(runs: runs.reversed(), failuresToInterrupt: 3, confidence: 0.95)
        #expect(pooled.runs == 3 && pooled.attempts == 28 && pooled.failures == 7)
        #expect(pooled.interruptions == 2 && pooled.spanningRuns == 1)
        #expect(pooled.episodes.map(\.startNs) == [3_000_000_000, 9_000_000_000])
        #expect(pooled.episodes.map(\.endNs) == [6_000_000_000, 102_000_000_000])
        #expect(pooled.observedUs == 25_000_000 && pooled.downUs == 6_000_000)
        #expect(pooled.availability == 0.76)
        #expect(pooled.mtbf.pointUs == 9_500_000)
        #expect(isClose(pooled.mtbf.lowerUs, 2629871.473182410, relative: 1e-9))
        #expect(isClose(try #require(pooled.mtbf.upperUs), 78444558.8303554, relative: 1e-9))
        // Run by run, neither end of the spanning interruption reaches three failures.
        let single = runs.map { InterruptionEpisode.find(in: $0, failuresToInterrupt: 3).count }
        #expect(single == [1, 0, 0])
    }

    // With two failures making an interruption each run alone would count the one at its edge
    // (three episodes); pooled it is still one: [3, 6) and [9, 102); down 3 + 1 + 2 = 6 s.
    @Test func aLowerThresholdStillCountsTheSpanningInterruptionOnce() {
        let runs = [Self.run(0, 10, failing: [3, 4, 5, 9, 10]), Self.run(100, 110, failing: [100, 101])]
        let pooled = PooledAvailability(runs: runs, failuresToInterrupt: 2, confidence: 0.95)
        #expect(runs.map { InterruptionEpisode.find(in: $0, failuresToInterrupt: 2).count }.reduce(0, +) == 3)
        #expect(pooled.interruptions == 2 && pooled.spanningRuns == 1)
        #expect(pooled.downUs == 6_000_000 && pooled.observedUs == 20_000_000)
        #expect(pooled.availability == 0.7)
    }

    // An interruption still open at the last heartbeat is censored there: down 108 − 106 = 2 s
    // of 10 + 10 observed; one interruption in 18 s up.
    @Test func anOpenInterruptionAtTheEndCountsUntilTheLastHeartbeat() {
        let runs = [Self.run(0, 10, failing: []), Self.run(100, 108, failing: [106, 107, 108])]
        let pooled = PooledAvailability(runs: runs + [[]], failuresToInterrupt: 3, confidence: 0.9)
        #expect(pooled.runs == 2 && pooled.interruptions == 1 && pooled.spanningRuns == 0)
        #expect(pooled.episodes.first?.endNs == nil)
        #expect(pooled.observedUs == 18_000_000 && pooled.downUs == 2_000_000)
        #expect(pooled.mtbf.pointUs == 16_000_000)
    }

    @Test func nothingObservedHasNoAvailability() {
        let pooled = PooledAvailability(runs: [[], Self.run(5, 5, failing: [])], failuresToInterrupt: 3, confidence: 0.95)
        #expect(pooled.availability == nil && pooled.observedUs == 0 && pooled.interruptions == 0)
    }

    // The interval's resolution bounds for the first case, by hand: failures 3–5 may be down from
    // 2 s to 6 s (4 s; at least 5 − 3 = 2 s), 9–10 from 8 s to A's end at 10 s (2 s; at least 1 s),
    // 100–101 from B's start at 100 s to 102 s (2 s; at least 1 s): most 8 s, least 4 s of down,
    // so the bootstrap ends move by (8 − 6)/25 = 0.08 down and (6 − 4)/25 = 0.08 up. The bootstrap
    // ratio lies between run A alone (1 − 4/10 = 0.6) and run C alone (1).
    @Test func theIntervalHoldsTheBootstrapWidenedByTheHeartbeatResolution() throws {
        let runs = [Self.run(0, 10, failing: [3, 4, 5, 9, 10]), Self.run(100, 110, failing: [100, 101]),
                    Self.run(200, 205, failing: [])]
        let pooled = PooledAvailability(runs: runs, failuresToInterrupt: 3, confidence: 0.95)
        #expect(pooled.maxDownUs == 8_000_000 && pooled.minDownUs == 4_000_000)
        let lower = try #require(pooled.availabilityLower), upper = try #require(pooled.availabilityUpper)
        #expect(lower <= 0.76 - 0.08 + 1e-12 && lower >= 0.6 - 0.08 - 1e-12)
        #expect(upper >= 0.76 + 0.08 - 1e-12 && upper <= 1)
        #expect(pooled.resamples == 999)
        // Seeded: the same runs give the same interval.
        let again = PooledAvailability(runs: runs.reversed(), failuresToInterrupt: 3, confidence: 0.95)
        #expect(again.availabilityLower == lower && again.availabilityUpper == upper)
    }

    @Test func noFailureGivesTheDegenerateIntervalAndNothingObservedNone() {
        let up = PooledAvailability(runs: [Self.run(0, 10, failing: []), Self.run(50, 60, failing: [])],
                                    failuresToInterrupt: 3, confidence: 0.95)
        #expect(up.availability == 1 && up.availabilityLower == 1 && up.availabilityUpper == 1)
        let none = PooledAvailability(runs: [Self.run(5, 5, failing: [])], failuresToInterrupt: 3, confidence: 0.95)
        #expect(none.availabilityLower == nil && none.availabilityUpper == nil)
    }

    /// Coverage in a small simulation: 60 runs of 60 one-second heartbeats; in each up second a
    /// drop of 5 s starts with probability 1/100 (long-run availability 99/104 ≈ 0.952), a run
    /// starting down with the stationary probability. The 95% interval must hold the long-run
    /// availability in at least 34 of 40 repetitions (binom.cdf(33, 40, 0.95) = 0.0034 at exact 95% coverage).
    @Test func theIntervalUsuallyHoldsTheModelledAvailability() {
        var generator = SeededGenerator(seed: 2026)
        let start = 0.01, length: Int64 = 5
        // Alternating renewal process: a mean of (1 − p)/p up seconds, then `length` down.
        let meanUp = (1 - start) / start
        let truth = meanUp / (meanUp + Double(length))
        var covered = 0
        for _ in 0..<40 {
            var runs: [[Sample]] = []
            for r in 0..<60 {
                let from = Int64(r) * 1000
                var failing: Set<Int64> = []
                var downUntil: Int64 = generator.unit() < 1 - truth
                    ? from + Int64(generator.index(below: Int(length))) + 1 : from
                for s in from...(from + 59) {
                    if s < downUntil { failing.insert(s); continue }
                    if generator.unit() < start { downUntil = s + length; failing.insert(s) }
                }
                runs.append(Self.run(from, from + 59, failing: failing))
            }
            let pooled = PooledAvailability(runs: runs, failuresToInterrupt: 1, confidence: 0.95)
            if let lower = pooled.availabilityLower, let upper = pooled.availabilityUpper, lower <= truth, truth <= upper {
                covered += 1
            }
        }
        #expect(covered >= 34, "covered \(covered) of 40")
    }
}
