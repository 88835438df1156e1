import Foundation
import Testing
@testable import SondeCore

struct HistoryAnalysisTests {
    static let a = Provider(name: "alpha", kind: .centralized, region: "r", endpoint: "http://a")
    static let b = Provider(name: "beta", kind: .depin, region: "r", endpoint: "http://b")
    /// 2026-12-01T00:00:00Z.
    static let originNs: Int64 = 1_796_083_200_000_000_000

    /// `count` runs a minute apart, 200 attempts each per provider, log-normal times with a
    /// run-to-run factor; alpha's median ×`factor` from run `changeAt`; beta fails 1 in 50.
    static func runs(count: Int = 30, changeAt: Int = 15, factor: Double = 1.5, heartbeats: Bool = false)
        -> [(RunRecord, [ProviderSeries], [ProviderSeries])] {
        var generator = SeededGenerator(seed: 42)
        return (0..<count).map { r in
            let start = originNs + Int64(r) * 60_000_000_000
            let info = RunInfo(id: String(format: "run%02d", r), startedNs: start, label: "nightly", vantage: nil, host: nil,
                               sondeVersion: "t", configHash: "h", configText: "")
            func series(_ provider: Provider, id: Int64, median: Double, failEvery: Int) -> ProviderSeries {
                let runFactor = exp(0.05 * generator.normal())
                let samples = (0..<200).map { i -> Sample in
                    let t = start + Int64(i) * 100_000_000
                    let failed = failEvery > 0 && i % failEvery == 0
                    return Sample(providerID: id, probe: .latency, sequence: Int64(i), intendedNs: t, startedNs: t,
                                  totalUs: failed ? nil : Int64(median * runFactor * exp(0.3 * generator.normal())),
                                  errorClass: failed ? .timeout : nil)
                }
                return ProviderSeries(provider: provider, samples: samples)
            }
            let latency = [series(a, id: 1, median: 20_000 * (r >= changeAt ? factor : 1), failEvery: 0),
                           series(b, id: 2, median: 30_000, failEvery: 50)]
            let beats = heartbeats ? [ProviderSeries(provider: b, samples: (0..<30).map { i in
                let t = start + Int64(i) * 1_000_000_000
                // beta is down for the last 3 heartbeats of run 4 and the first 3 of run 5: one interruption.
                let down = (r == 4 && i >= 27) || (r == 5 && i < 3)
                return Sample(providerID: 2, probe: .availability, sequence: Int64(i), intendedNs: t, startedNs: t,
                              totalUs: down ? nil : 1000, errorClass: down ? .refused : nil)
            })] : []
            return (RunRecord(info: info, finishedNs: start + 20_000_000_000, status: .complete), latency, beats)
        }
    }

    static func analyse(_ runs: [(RunRecord, [ProviderSeries], [ProviderSeries])], bucket: HistoryBucketWidth? = nil) -> HistoryAnalysis {
        var builder = HistoryAnalysis.Builder()
        for (run, latency, beats) in runs { builder.add(run: run, latency: latency, heartbeats: beats) }
        return builder.analyse(bucket: bucket)
    }

    @Test func aPlantedMedianShiftIsNamedWithItsRunAndNoOtherProviderChanges() throws {
        let history = Self.analyse(Self.runs())
        #expect(history.providers.map(\.name) == ["alpha", "beta"])
        #expect(history.settings.seriesCount == 6)
        let alpha = history.providers[0], beta = history.providers[1]
        let median = try #require(alpha.changes.first { $0.metric == .median })
        #expect(abs(median.runIndex - 15) <= 1)
        #expect(median.runID == String(format: "run%02d", median.runIndex))
        #expect(median.change.pValue < 0.01)
        // 20 ms → 30 ms: the interval on the shift holds 10 ms and excludes no change.
        #expect(median.change.shift.lower > 5_000 && median.change.shift.upper > 10_000 && median.change.shift.lower < 10_000)
        #expect(!alpha.changes.contains { $0.metric == .errorRate })
        #expect(beta.changes.isEmpty)
    }

    @Test func noChangeNoChangePoint() {
        let history = Self.analyse(Self.runs(factor: 1))
        #expect(history.providers.allSatisfy { $0.changes.isEmpty })
    }

    @Test func runsMayArriveInAnyOrder() {
        let forward = Self.analyse(Self.runs()), backward = Self.analyse(Self.runs().reversed())
        #expect(forward.runIdentifiers == backward.runIdentifiers)
        #expect(forward.providers.map(\.changes) == backward.providers.map(\.changes))
        #expect(forward.providers.map(\.windows) == backward.providers.map(\.windows))
    }

    @Test func perRunFiguresAndWindowsOnUTCEdges() throws {
        let history = Self.analyse(Self.runs())
        // 30 runs over 29 minutes: hour windows; every run starts in the hour from the origin.
        #expect(history.bucket == .hour)
        let beta = history.providers[1]
        #expect(beta.runs.count == 30 && beta.runs.allSatisfy { $0.attempts == 200 && $0.failures == 4 })
        #expect(beta.runs.allSatisfy { abs($0.errorRate - 0.02) < 1e-12 })
        let window = try #require(beta.windows.first)
        #expect(beta.windows.count == 1 && window.startNs == Self.originNs && window.attempts == 6000 && window.failures == 120)
        let days = Self.analyse(Self.runs(), bucket: .day)
        #expect(days.bucket == .day && days.providers[1].windows.first?.startNs == Self.originNs)
    }

    @Test func eachVantagePointIsAHistoryOfItsOwn() throws {
        // The same 30 runs twice, half a minute apart, from two vantage points: 4 histories of 30 runs.
        let east = Self.runs(), west = Self.runs().map { run, latency, beats in
            var record = run
            record.info.vantage = "west"
            record.info.id += "-west"
            record.info.startedNs += 30_000_000_000
            return (record, latency, beats)
        }
        let history = Self.analyse(east + west)
        #expect(history.hasSeveralVantages)
        #expect(history.providers.map(\.name) == ["alpha", "alpha", "beta", "beta"])
        #expect(history.providers.map(\.vantage) == [nil, "west", nil, "west"])
        #expect(history.providers.allSatisfy { $0.runs.count == 30 })
        #expect(history.settings.seriesCount == 12)
        #expect(!Self.analyse(east).hasSeveralVantages)
    }

    @Test func availabilityIsPooledOnlyWhereHeartbeatsWere() throws {
        let history = Self.analyse(Self.runs(heartbeats: true))
        #expect(history.providers[0].availability == nil)
        let pooled = try #require(history.providers[1].availability)
        #expect(pooled.runs == 30 && pooled.attempts == 900 && pooled.failures == 6)
        // The outage across the end of run 4 and the start of run 5 is one interruption.
        #expect(pooled.interruptions == 1 && pooled.spanningRuns == 1)
    }
}

/// The builder's per-hour accumulation (each hour's accumulators looked up once per stretch of
/// attempts in it) gives what adding attempt by attempt gives, also when a run's attempts go back
/// and forth across an hour edge.
struct HistoryAnalysisHourTests {
    @Test func attemptsAlternatingAcrossAnHourEdgeGiveTheWindowsOfEachAttempt() {
        let edge = HistoryAnalysisTests.originNs + 3_600_000_000_000
        var generator = SeededGenerator(seed: 3)
        // Out of time order: before, after, before, ... the edge; every 7th failed.
        let times = (0..<400).map { i in edge + (i % 2 == 0 ? -1 : 1) * Int64(1 + i) * 1_000_000_000 }
        let totals: [Int64?] = (0..<400).map { i in i % 7 == 0 ? nil : Int64(20_000 * exp(0.3 * generator.normal())) }
        let info = RunInfo(id: "r", startedNs: edge - 400_000_000_000, label: nil, vantage: nil, host: nil, sondeVersion: "t",
                           configHash: "h", configText: "")
        let run = RunRecord(info: info, finishedNs: edge + 400_000_000_000, status: .complete)
        var builder = HistoryAnalysis.Builder()
        builder.add(run: run, latencies: [RunLatencies(provider: HistoryAnalysisTests.a, intendedNs: times, totalUs: totals)], heartbeats: [])
        let history = builder.analyse(bucket: .hour)
        let observations = zip(times, totals).map { HistoryWindow.Observation(timeNs: $0, latencyUs: $1.map(Double.init)) }
        #expect(history.providers.first?.windows == HistoryWindow.windows(observations, width: .hour))
        #expect(history.providers.first?.windows.map(\.attempts) == [200, 200])
        let succeeded = totals.compactMap { $0 }.map(Double.init).sorted()
        #expect(history.providers.first?.runs.first?.medianUs == Quantile.ofSorted(succeeded, 0.5))
        #expect(history.providers.first?.runs.first?.failures == 58)
    }
}
