import Testing
@testable import SondeCore

struct HistoryWindowTests {
    static let tenUTC: Int64 = 1_796_378_400 * 1_000_000_000  // 2026-12-04T10:00:00Z
    static let midnightUTC: Int64 = 1_796_342_400 * 1_000_000_000  // 2026-12-04T00:00:00Z

    // python3 -c "
    // import numpy as np; from scipy.stats import binom
    // v=np.array(sorted([float((i*37)%101+100) for i in range(1,61)])); n=len(v)
    // for p in (0.5,0.9,0.99):
    //     r=int(binom.ppf(0.025,n,p)); s=int(binom.ppf(0.975,n,p))+1
    //     print(p, np.percentile(v,p*100), r, s, v[r-1] if r>=1 else None, v[s-1] if s<=n else None)"
    // -> 0.5 151.0 22 39 137.0 166.0
    //    0.9 190.3 49 59 183.0 199.0
    //    0.99 199.41 58 61 197.0 None
    @Test func hourWindowsOnUTCEdgesWithOrderStatisticIntervals() throws {
        var observations = (1...60).map { i in
            HistoryWindow.Observation(timeNs: Self.tenUTC + Int64(i) * 50_000_000_000, latencyUs: Double((i * 37) % 101 + 100))
        }
        observations += (0..<3).map { HistoryWindow.Observation(timeNs: Self.tenUTC + Int64($0), latencyUs: nil) }
        observations.append(.init(timeNs: Self.tenUTC + 3_600_000_000_000, latencyUs: 5))  // 11:00:00 opens the next
        let windows = HistoryWindow.windows(observations.reversed(), width: .hour)
        #expect(windows.count == 2)
        let first = windows[0]
        #expect(first.startNs == Self.tenUTC && first.endNs == Self.tenUTC + 3_600_000_000_000)
        #expect(first.attempts == 63 && first.failures == 3 && first.errorRate == 3.0 / 63)
        let p50 = try #require(first.p50), p90 = try #require(first.p90), p99 = try #require(first.p99)
        #expect(p50.value == 151 && p50.lower == 137 && p50.upper == 166)
        #expect(isClose(p90.value, 190.3) && p90.lower == 183 && p90.upper == 199)
        #expect(isClose(p99.value, 199.41) && p99.lower == 197 && p99.upper == nil)
        #expect(windows[1].attempts == 1 && windows[1].p50?.value == 5)
    }

    // python3 -c "from scipy.stats import binom; print(binom.cdf(10,40,0.3), int(binom.ppf(0.025,1000000,0.99)), int(binom.ppf(0.975,1000000,0.99)))"
    // -> 0.30874272539198855 989805 990195
    @Test func binomialCDFAndQuantileAsScipy() {
        #expect(isClose(QuantileInterval.binomialCDF(10, n: 40, p: 0.3), 0.30874272539198855, relative: 1e-9))
        #expect(QuantileInterval.binomialQuantile(0.025, n: 1_000_000, p: 0.99) == 989_805)
        #expect(QuantileInterval.binomialQuantile(0.975, n: 1_000_000, p: 0.99) == 990_195)
    }

    @Test func widthFromTheSpanAndDayEdges() {
        #expect(HistoryBucketWidth.choose(spanNs: 3 * 86_400_000_000_000) == .hour)
        #expect(HistoryBucketWidth.choose(spanNs: 3 * 86_400_000_000_000 + 1) == .day)
        #expect(HistoryBucketWidth.day.windowStart(Self.tenUTC + 5) == Self.midnightUTC)
        #expect(HistoryBucketWidth.hour.windowStart(-1) == -3_600_000_000_000)
        let allFailed = HistoryWindow.windows([.init(timeNs: 0, latencyUs: nil)], width: .day)
        #expect(allFailed.first?.p50 == nil && allFailed.first?.errorRate == 1)
    }
}
