import Foundation
import Testing
@testable import SondeCore

/// `LatencyBuckets` stands for the HDR histogram a pruned hour stores: the same buckets, the same
/// histogram when recorded back, the same moments, and the same windows and run figures in a
/// history.
struct LatencyBucketsTests {
    static func histogram(seed: UInt64 = 7, count: Int = 3000) -> LatencyHistogram {
        var generator = SeededGenerator(seed: seed)
        var histogram = LatencyHistogram()
        for _ in 0..<count { histogram.record(Int64(20_000 * exp(0.5 * generator.normal()))) }
        // The top bucket, whose highest equivalent value lies above the highest trackable one.
        histogram.record(Int64(LatencyHistogram.highestTrackableUs), count: 2)
        return histogram
    }

    @Test func compactBytesReadAsTheHistogramsBuckets() throws {
        let histogram = Self.histogram()
        let bytes = histogram.compact()
        let buckets = try #require(LatencyBuckets(compact: bytes))
        let decoded = try #require(LatencyHistogram(compact: bytes))
        #expect(buckets == LatencyBuckets(decoded) && buckets == LatencyBuckets(histogram))
        #expect(buckets.count == 3002 && buckets.maxUs == histogram.maxUs)
        #expect(LatencyHistogram(buckets) == decoded && LatencyHistogram(buckets).maxUs == decoded.maxUs)
        #expect(Moments(buckets: buckets) == Moments(histogram: decoded))
        // What `init?(compact:)` refuses, this refuses.
        #expect(LatencyBuckets(compact: [2, 0]) == nil && LatencyBuckets(compact: [1, 0x80]) == nil)
        #expect(LatencyBuckets(compact: LatencyHistogram().compact()) == LatencyBuckets())
    }

    @Test func addingBucketsIsAddingTheHistogram() throws {
        var viaHistograms = Self.histogram(seed: 1), viaBuckets = viaHistograms
        for seed in UInt64(2)...4 {
            let other = Self.histogram(seed: seed, count: 500)
            viaHistograms.add(try #require(LatencyHistogram(compact: other.compact())))
            viaBuckets.add(try #require(LatencyBuckets(compact: other.compact())))
        }
        viaBuckets.add(LatencyBuckets())
        #expect(viaBuckets == viaHistograms && viaBuckets.maxUs == viaHistograms.maxUs && viaBuckets.count == viaHistograms.count)
        for p in [0.5, 0.9, 0.99] {
            #expect(QuantileInterval(histogram: viaBuckets, p: p, confidence: 0.95)
                    == QuantileInterval(histogram: viaHistograms, p: p, confidence: 0.95))
        }
    }
}
