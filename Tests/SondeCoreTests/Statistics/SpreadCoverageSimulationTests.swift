#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import SondeCore

extension Tag {
    /// Expensive Monte-Carlo checks, run only with SONDE_SIMULATION=1 (in release mode).
    @Tag static var simulation: Self
}

/// Known-truth coverage of the spread-ratio intervals: many synthetic baseline/candidate
/// pairs whose true ratios are known; count how often the 95% interval contains the truth.
///
/// Run: SONDE_SIMULATION=1 swift test -c release --filter Simulation
@Suite("Simulation", .tags(.simulation), .enabled(if: getenv("SONDE_SIMULATION").map { String(cString: $0) } == "1"))
struct SpreadCoverageSimulationTests {
    static let n = 1000
    static let repetitions = 200
    static let resamples = 2000
    static let baseline = MixtureLatencyModel.logNormal(sigma: 0.25)

    struct Coverage: CustomStringConvertible {
        var variance = 0, iqr = 0, mad = 0, tail = 0, reps = 0, blocks = 0, blockLengths = 0
        func rate(_ k: Int) -> Double { Double(k) / Double(reps) }
        var description: String {
            let meanBlock = blocks > 0 ? Double(blockLengths) / Double(blocks) : 0
            return "variance \(rate(variance)), iqr \(rate(iqr)), mad \(rate(mad)), tail p99/p50 \(rate(tail)); "
                + "block bootstrap in \(blocks)/\(reps) reps, mean block length \(meanBlock)"
        }
    }

    /// Coverage of the 95% intervals for `candidate` against the log-normal σ = 0.25 baseline.
    /// `method` nil lets `compare` choose (iid or blocks) from the data, as sonde does.
    static func coverage(_ candidate: MixtureLatencyModel, method: BootstrapMethod?, seed: UInt64) -> Coverage {
        let truth = (variance: candidate.variance / baseline.variance, iqr: candidate.iqr / baseline.iqr,
                     mad: candidate.mad / baseline.mad, tail: candidate.tailSpread / baseline.tailSpread)
        var cov = Coverage()
        for rep in 0..<repetitions {
            var rng = SeededGenerator(seed: seed, stream: UInt64(rep))
            let b = baseline.sample(n, &rng)
            let c = candidate.sample(n, &rng)
            let r: SpreadComparison
            if let method {
                r = SpreadComparison.compare(baseline: b, candidateGroups: [c], method: method, resamples: resamples,
                                             seed: UInt64(rep))
            } else {
                r = SpreadComparison.compare(baseline: b, candidate: c, resamples: resamples, seed: UInt64(rep))
            }
            cov.reps += 1
            if r.varianceRatio.contains(truth.variance) { cov.variance += 1 }
            if r.iqrRatio.contains(truth.iqr) { cov.iqr += 1 }
            if r.madRatio.contains(truth.mad) { cov.mad += 1 }
            if r.tailSpreadRatio.contains(truth.tail) { cov.tail += 1 }
            if case .movingBlock(let l) = r.bootstrap {
                cov.blocks += 1
                cov.blockLengths += l
            }
        }
        return cov
    }

    static func report(_ name: String, _ c: Coverage) {
        print("[simulation] \(name): coverage \(c)")
    }

    @Test("(a) log-normal sigma 0.5 vs 0.25: coverage >= 90%")
    func logNormal() {
        let c = Self.coverage(.logNormal(sigma: 0.5), method: nil, seed: 101)
        Self.report("(a) log-normal sigma 0.5 vs 0.25, true variance ratio \(MixtureLatencyModel.logNormal(sigma: 0.5).variance / Self.baseline.variance)", c)
        #expect(c.rate(c.variance) >= 0.90)
        #expect(c.rate(c.iqr) >= 0.90)
    }

    @Test("(a) log-normal sigma 0.25 vs 0.25 (equal spread): coverage >= 90%")
    func logNormalEqual() {
        let c = Self.coverage(.logNormal(sigma: 0.25), method: nil, seed: 102)
        Self.report("(a) log-normal sigma 0.25 vs 0.25, true variance ratio 1", c)
        #expect(c.rate(c.variance) >= 0.90)
        #expect(c.rate(c.iqr) >= 0.90)
    }

    @Test("(a') log-normal sigma 1.0 vs 0.25: reported, not gated")
    func logNormalHeavy() {
        let c = Self.coverage(.logNormal(sigma: 1.0), method: nil, seed: 103)
        Self.report("(a') log-normal sigma 1.0 vs 0.25 (not gated)", c)
    }

    @Test("(b) 2% spikes x10: coverage >= 90%")
    func spikes() {
        let model = MixtureLatencyModel.mixture(sigma: 0.25, share: 0.02, factor: 10)
        let c = Self.coverage(model, method: nil, seed: 104)
        Self.report("(b) 2% spikes x10, true variance ratio \(model.variance / Self.baseline.variance)", c)
        #expect(c.rate(c.variance) >= 0.90)
        #expect(c.rate(c.iqr) >= 0.90)
    }

    /// Slow episodes: 10% of the time latency is x3, in episodes of 10 samples on average
    /// (integrated autocorrelation time of the state ≈ 17, so ≈ 60 effective samples).
    static let episodes = MixtureLatencyModel.mixture(sigma: 0.25, share: 0.1, factor: 3, episode: 10)
    /// Harsher: 1/6 of the time x3 in episodes of 20 samples (≈ 8 episodes per 1,000 samples).
    static let longEpisodes = MixtureLatencyModel.mixture(sigma: 0.25, share: 1.0 / 6, factor: 3, episode: 20)

    @Test("(c) Markov-modulated slow episodes: automatic (block) bootstrap coverage >= 90%")
    func slowEpisodes() {
        let c = Self.coverage(Self.episodes, method: nil, seed: 105)
        Self.report("(c) slow episodes (10%, x3, mean 10 samples), automatic method, true variance ratio \(Self.episodes.variance / Self.baseline.variance)", c)
        #expect(c.rate(c.variance) >= 0.90)
        #expect(c.rate(c.iqr) >= 0.90)
        #expect(c.blocks >= 190)
    }

    @Test("(c) Markov-modulated slow episodes: iid bootstrap under-covers (reported)")
    func slowEpisodesIid() {
        let c = Self.coverage(Self.episodes, method: .iid, seed: 105)
        Self.report("(c) slow episodes (10%, x3, mean 10 samples), iid forced (not gated)", c)
        #expect(c.rate(c.variance) < 0.90)
    }

    @Test("(c') long slow episodes: variance gated >= 90%, quantile ratios reported")
    func longSlowEpisodes() {
        let c = Self.coverage(Self.longEpisodes, method: nil, seed: 106)
        Self.report("(c') long slow episodes (1/6, x3, mean 20 samples), automatic method, true variance ratio \(Self.longEpisodes.variance / Self.baseline.variance) (iqr/mad/tail not gated)", c)
        #expect(c.rate(c.variance) >= 0.90)
        let iid = Self.coverage(Self.longEpisodes, method: .iid, seed: 106)
        Self.report("(c') long slow episodes, iid forced (not gated)", iid)
    }

    /// The analytic truth of (c) is the stationary mixture; check it against a huge simulation.
    @Test("(c) true values agree with a 10^7-sample reference simulation")
    func slowEpisodesReference() throws {
        var rng = SeededGenerator(seed: 2026)
        let big = Self.longEpisodes.sample(10_000_000, &rng)
        let d = try #require(Descriptive(big))
        let simVariance = d.standardDeviation * d.standardDeviation
        let model = Self.longEpisodes
        print("[simulation] (c') reference, 10^7 samples: variance analytic \(model.variance) vs simulated \(simVariance); "
              + "iqr analytic \(model.iqr) vs simulated \(d.iqr); mad analytic \(model.mad) vs simulated \(d.mad)")
        #expect(abs(simVariance / model.variance - 1) < 0.02)
        #expect(abs(d.iqr / model.iqr - 1) < 0.01)
        #expect(abs(d.mad / model.mad - 1) < 0.01)
    }
}
