@testable import SondeEmulator
import Testing

@Suite struct LatencyModelTests {
    static let fleet = FleetSpec.default

    static func model(_ name: String) -> LatencyModel {
        LatencyModel(fleet.providers.first { $0.name == name }!, fleetSeed: fleet.seed)
    }

    @Test(arguments: ["cloud-us-east", "depin-na", "depin-eu", "depin-apac"])
    func empiricalMedianMatchesModelMedian(provider: String) async {
        let model = Self.model(provider)
        // 20,000 draws over 2,000 s, so that episodes and spikes are in the sample too.
        let median = await Samples.draw(model, seed: 1, count: 20_000, interval: 0.1).median
        let expected = model.modelMedian.secondsValue * 1000
        #expect(abs(median / expected - 1) < 0.03, "median \(median) ms vs model \(expected) ms")
    }

    /// The calibration figure quoted in the default fleet's comment: over 2 simulated hours
    /// (72,000 requests per provider, one per 100 ms) the exact moments' 5.3x (3.6, 5.3, 6.9)
    /// must show up in the generated delays.
    @Test func pooledDePINVarianceIsAboutFiveTimesTheBaseline() async {
        let count = 72_000
        let baseline = await Samples.draw(Self.model("cloud-us-east"), seed: 2, count: count, interval: 0.1).variance
        var ratios: [Double] = []
        for (index, name) in ["depin-na", "depin-eu", "depin-apac"].enumerated() {
            let samples = await Samples.draw(Self.model(name), seed: 3 + UInt64(index), count: count, interval: 0.1)
            ratios.append(samples.variance / baseline)
        }
        // Pooled as in a pooled-variance estimate: equal sample sizes, so the mean of variances.
        let pooled = ratios.reduce(0, +) / Double(ratios.count)
        #expect((3.5...7).contains(pooled), "pooled ratio \(pooled); each \(ratios)")
        #expect(ratios.allSatisfy { (3...8).contains($0) }, "each \(ratios)")
        #expect(ratios[0] < ratios[1] && ratios[0] < ratios[2], "North America should be the steadiest DePIN: \(ratios)")
    }

    @Test func episodesMakeConsecutiveDelaysCorrelated() async {
        let count = 18_000 // 30 simulated minutes at 100 ms: about 150 episodes
        let withEpisodes = await Samples.draw(Self.model("depin-apac"), seed: 4, count: count, interval: 0.1)
        var quiet = Self.fleet.providers.first { $0.name == "depin-apac" }!
        quiet.episodes = nil
        let withoutEpisodes = await Samples.draw(LatencyModel(quiet, fleetSeed: 42), seed: 4, count: count, interval: 0.1)
        let standardError = 1 / Double(count).squareRoot() // about 0.0075
        #expect(withEpisodes.lag1Autocorrelation > 10 * standardError,
                "lag-1 autocorrelation \(withEpisodes.lag1Autocorrelation)")
        #expect(abs(withoutEpisodes.lag1Autocorrelation) < 4 * standardError,
                "lag-1 autocorrelation without episodes \(withoutEpisodes.lag1Autocorrelation)")
    }

    @Test func delaysAreReproducibleFromTheSeed() {
        let model = Self.model("depin-eu")
        #expect(Samples(model, seed: 9, count: 500, interval: 1).values == Samples(model, seed: 9, count: 500, interval: 1).values)
        #expect(Samples(model, seed: 9, count: 500, interval: 1).values != Samples(model, seed: 10, count: 500, interval: 1).values)
    }

    @Test func zeroSigmaGivesTheMedianExactly() {
        let provider = EmulatedProviderSpec(name: "fixed", kind: .depin, region: "r",
                                            latency: .init(median: .milliseconds(25), sigma: 0))
        var rng = SplitMix64(seed: 0)
        let model = LatencyModel(provider, fleetSeed: 0)
        #expect((0..<100).allSatisfy { _ in model.delay(at: .zero, using: &rng) == .milliseconds(25) })
    }

    @Test func spikesHitTheirShareOfRequests() async {
        let provider = EmulatedProviderSpec(name: "spiky", kind: .depin, region: "r",
                                            latency: .init(median: .milliseconds(10), sigma: 0),
                                            spikes: .init(probability: 0.05, median: .seconds(1), sigma: 0))
        let samples = await Samples.draw(LatencyModel(provider, fleetSeed: 0), seed: 5, count: 20_000, interval: 0.1)
        let share = Double(samples.values.filter { $0 > 500 }.count) / 20_000
        #expect(abs(share - 0.05) < 0.006, "spike share \(share)") // about 4 standard errors
    }
}

/// `LatencyModel.stationaryMoments` against a Monte-Carlo reference of the default fleet's models,
/// drawn independently of sonde (episodes as a Bernoulli with the share of time 1 − e^{−d/every}):
///   python3 -c "import numpy as np; rng=np.random.default_rng(1); N=20_000_000
///   def var(m,s,q,ms,ss,every=None,dur=None,k=1.0):
///       p=1-np.exp(-dur/every) if every else 0.0; b=m*np.exp(s*rng.standard_normal(N))
///       f=np.where(rng.random(N)<p,k,1.0); sp=np.where(rng.random(N)<q,ms*np.exp(ss*rng.standard_normal(N)),0.0)
///       return (b*f+sp).var()*1e6
///   print(var(.040,.12,.01,.020,.3), var(.050,.15,.01,.047,.3,15,.4,1.5), var(.065,.12,.01,.061,.3,12,.5,1.5), var(.078,.11,.01,.068,.3,12,.5,1.5))"
///   → 28.2821 102.627 151.267 193.933 (ms²)
@Suite struct StationaryMomentsTests {
    @Test func theDefaultFleetsVariancesMatchAnIndependentMonteCarlo() {
        let reference: [String: Double] = ["cloud-us-east": 28.2821, "depin-na": 102.627, "depin-eu": 151.267, "depin-apac": 193.933]
        for provider in FleetSpec.default.providers {
            let model = LatencyModel(provider, fleetSeed: 42)
            let varianceMs2 = model.stationaryMoments.variance * 1e6
            guard let expected = reference[provider.name] else { Issue.record("no reference for \(provider.name)"); continue }
            #expect(abs(varianceMs2 / expected - 1) < 0.02, "\(provider.name): \(varianceMs2) ms² vs Monte Carlo \(expected)")
        }
    }

    @Test func aPlainLogNormalHasTheTextbookMoments() {
        // Log-normal mean m·e^{σ²/2}, variance m²·e^{σ²}(e^{σ²} − 1): with m = 40 ms, σ = 0.25,
        // python3 -c "import math; m=.04; s=.25; print(m*math.exp(s*s/2), m*m*math.exp(s*s)*(math.exp(s*s)-1))"
        // → 0.04126973629996411 0.00010984639063834683
        let spec = EmulatedProviderSpec(name: "p", kind: .depin, region: "r", latency: .init(median: .milliseconds(40), sigma: 0.25))
        let moments = LatencyModel(spec, fleetSeed: 1).stationaryMoments
        #expect(abs(moments.mean - 0.04126973629996411) < 1e-12)
        #expect(abs(moments.variance - 0.00010984639063834683) < 1e-12)
    }
}
