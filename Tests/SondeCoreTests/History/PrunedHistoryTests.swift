import Foundation
import Testing
@testable import SondeCore

/// A history where some runs were pruned to `RunProbeSummary` must give the raw history's change
/// points, per-run figures and pooled availability exactly, and its window quantiles within the
/// HDR histogram's precision.
struct PrunedHistoryTests {
    typealias Run = (RunRecord, [ProviderSeries], [ProviderSeries])

    /// The fixture's runs, the first `pruned` of them (oldest) fed as summaries.
    static func analyse(_ runs: [Run], pruned: Int, bucket: HistoryBucketWidth? = nil, fixed: HistoryBucketWidth? = nil) -> HistoryAnalysis {
        var builder = HistoryAnalysis.Builder(bucket: fixed)
        for (index, (run, latency, beats)) in runs.enumerated() {
            if index < pruned {
                let summaries = latency.map { RunProbeSummary($0, probe: .latency) } + beats.map { RunProbeSummary($0, probe: .availability) }
                builder.add(run: run, summaries: summaries)
            } else {
                builder.add(run: run, latency: latency, heartbeats: beats)
            }
        }
        return builder.analyse(bucket: bucket)
    }

    @Test func changePointsRunFiguresAndAvailabilityAreExactFromSummaries() throws {
        let runs = HistoryAnalysisTests.runs(heartbeats: true)
        let raw = Self.analyse(runs, pruned: 0), mixed = Self.analyse(runs, pruned: 20), all = Self.analyse(runs, pruned: 30)
        for history in [mixed, all] {
            #expect(history.providers.map(\.changes) == raw.providers.map(\.changes))
            for (p, q) in zip(history.providers, raw.providers) {
                #expect(p.runs.map(\.medianUs) == q.runs.map(\.medianUs))
                #expect(p.runs.map(\.p99Us) == q.runs.map(\.p99Us))
                #expect(p.runs.map(\.errorRate) == q.runs.map(\.errorRate))
                #expect(p.availability == q.availability)
            }
        }
        #expect(mixed.summarizedRuns == 20 && all.summarizedRuns == 30)
        #expect(mixed.providers[0].runs.filter(\.fromSummary).count == 20)
        // The planted change at run 15 is among the pruned runs and still found there.
        #expect(all.providers[0].changes.contains { $0.metric == .median && abs($0.runIndex - 15) <= 1 })
        let pooled = try #require(all.providers[1].availability)
        #expect(pooled.attempts == 900 && pooled.failures == 6 && pooled.interruptions == 1 && pooled.spanningRuns == 1)
    }

    @Test func windowQuantilesFromSummariesAreWithinHDRPrecision() throws {
        let runs = HistoryAnalysisTests.runs()
        let raw = Self.analyse(runs, pruned: 0), mixed = Self.analyse(runs, pruned: 20), all = Self.analyse(runs, pruned: 30)
        #expect(raw.providers.allSatisfy { $0.windows.allSatisfy { $0.source == .samples } })
        #expect(mixed.providers.allSatisfy { $0.windows.allSatisfy { $0.source == .mixed } })
        #expect(all.providers.allSatisfy { $0.windows.allSatisfy { $0.source == .summaries } })
        for history in [mixed, all] {
            for (p, q) in zip(history.providers, raw.providers) {
                #expect(p.windows.count == q.windows.count)
                for (w, v) in zip(p.windows, q.windows) {
                    #expect(w.attempts == v.attempts && w.failures == v.failures && w.startNs == v.startNs)
                    for (a, b) in [(w.p50, v.p50), (w.p90, v.p90), (w.p99, v.p99)] {
                        let a = try #require(a), b = try #require(b)
                        // Bucket values are the highest equivalent value: at most 0.1% (+1 µs rounding) off.
                        #expect(abs(a.value - b.value) <= b.value * 1e-3 + 1)
                        #expect(abs(try #require(a.lower) - (try #require(b.lower))) <= (b.lower ?? 0) * 1e-3 + 1)
                        #expect(abs(try #require(a.upper) - (try #require(b.upper))) <= (b.upper ?? 0) * 1e-3 + 1)
                    }
                }
            }
        }
    }

    @Test func aWidthFixedUpFrontMergesPrunedHoursAsTheyArrive() {
        let runs = HistoryAnalysisTests.runs()
        for width in HistoryBucketWidth.allCases {
            let kept = Self.analyse(runs, pruned: 20, bucket: width), merged = Self.analyse(runs, pruned: 20, fixed: width)
            #expect(merged.bucket == width)
            #expect(merged.providers.map(\.windows) == kept.providers.map(\.windows))
            #expect(merged.varianceRatios == kept.varianceRatios)
        }
    }

    @Test func aSummaryKeepsTheHeartbeatsThatDecideInterruptions() {
        let samples = [true, true, true, false, false, true, true, true, false, true, true].enumerated().map { i, up in
            Sample(providerID: 1, probe: .availability, sequence: Int64(i), intendedNs: Int64(i) * 1_000_000_000,
                   startedNs: Int64(i) * 1_000_000_000, errorClass: up ? nil : .refused)
        }
        let summary = RunProbeSummary(ProviderSeries(provider: HistoryAnalysisTests.b, samples: samples), probe: .availability)
        // First, last, the failures and the successes next to them: 0, 2, 3, 4, 5, 7, 8, 9, 10.
        #expect(summary.heartbeats.map(\.sequence) == [0, 2, 3, 4, 5, 7, 8, 9, 10])
        #expect(summary.attempts == 11 && summary.failures == 3 && summary.errors == [.refused: 3])
        #expect(InterruptionEpisode.find(in: summary.heartbeats, failuresToInterrupt: 2)
                == InterruptionEpisode.find(in: samples, failuresToInterrupt: 2))
    }

    @Test func compactHistogramRoundTripsAndReadsRanks() throws {
        var histogram = LatencyHistogram()
        let values: [Int64] = [1, 7, 999, 1000, 1001, 20_000, 20_013, 123_456, 3_000_000, 3_600_000_000]
        for value in values { histogram.record(value) }
        histogram.record(20_000, count: 5)
        let bytes = histogram.compact()
        let back = try #require(LatencyHistogram(compact: bytes))
        #expect(back == histogram && back.maxUs == 3_600_000_000 && back.count == 15)
        #expect(bytes.count < histogram.encoded().utf8.count / 2)
        #expect(LatencyHistogram(compact: [2, 0]) == nil && LatencyHistogram(compact: [1, 0x80]) == nil)
        // Ranks 1, 4 and 15 of 1, 7, 999, 1000, 1001, 20000 ×6, ...: exact for small values, the maximum at the top.
        #expect(back.values(atRanks: [15, 1, 4, 0, 16]) == [3_600_000_000, 1, 1000, nil, nil])
    }

    @Test func aQuantileIntervalFromAHistogramMatchesTheSortedOneBelowPrecision() {
        var generator = SeededGenerator(seed: 7)
        let values = (0..<5000).map { _ in Double(Int64(20_000 * exp(0.4 * generator.normal()))) }
        var histogram = LatencyHistogram()
        for value in values { histogram.record(Int64(value)) }
        let sorted = values.sorted()
        for p in [0.5, 0.9, 0.99] {
            let exact = QuantileInterval(sorted: sorted, p: p, confidence: 0.95)
            let hdr = QuantileInterval(histogram: histogram, p: p, confidence: 0.95)
            #expect(abs(hdr.value - exact.value) <= exact.value * 1e-3)
            #expect(abs(hdr.lower! - exact.lower!) <= exact.lower! * 1e-3)
            #expect(abs(hdr.upper! - exact.upper!) <= exact.upper! * 1e-3)
        }
    }
}
