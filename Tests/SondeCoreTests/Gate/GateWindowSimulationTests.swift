#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Testing
@testable import SondeCore

/// Known-truth rates of the quantile test drawn in the rank window (`QuantileWindow`, the path
/// `quantileChange` takes from about 10,000 independent values a side) against the same test
/// drawn over every value, at n = 20,000 a side (log-normal σ 0.3): the share of repetitions with
/// pIncrease < 0.005, A/A (the test's size, exactly 0.005 for both in theory) and with the
/// candidate ×1.02 (power). Both paths use the same data and seeds; only how the resamples are
/// drawn differs.
///
/// Run: SONDE_SIMULATION=1 swift test -c release --filter GateWindowSimulation, or the same pairs
/// outside the package: scripts/stats/gate-window.sh (docs/statistics.md, "Large samples").
@Suite("GateWindowSimulation", .tags(.simulation), .enabled(if: getenv("SONDE_SIMULATION").map { String(cString: $0) } == "1"))
struct GateWindowSimulationTests {
    /// Shares of repetitions rejecting "no increase", per path and quantile.
    static func rates(scale: Double, repetitions: Int, full: Bool, seed: UInt64) -> [Double: Double] {
        GateWindowSimulation.rejections(scale: scale, repetitions: repetitions, full: full, seed: seed)
            .mapValues { Double($0) / Double(repetitions) }
    }

    static func timed(_ name: String, _ body: () -> [Double: Double]) -> [Double: Double] {
        let start = DispatchTime.now().uptimeNanoseconds
        let r = body()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print("[gate-window-simulation] \(name) (\(String(format: "%.1f", seconds)) s): p50 \(r[0.5]!), p99 \(r[0.99]!)")
        return r
    }

    /// Size: 1,000 A/A repetitions of the windowed test reject at most 1% (exact size 0.5%).
    @Test func windowedSizeIsTheLevel() {
        let r = Self.timed("A/A windowed, 1000 reps") { Self.rates(scale: 1, repetitions: 1000, full: false, seed: 401) }
        #expect(r[0.5]! <= 0.01 && r[0.99]! <= 0.01)
    }

    /// Power: ×1.02 over 200 repetitions, windowed and full on the same pairs; the shares may
    /// differ only by Monte Carlo noise of the resampling (|Δ| ≤ 0.1).
    @Test func windowedPowerMatchesTheFullTest() {
        let w = Self.timed("x1.02 windowed, 200 reps") { Self.rates(scale: 1.02, repetitions: 200, full: false, seed: 402) }
        let f = Self.timed("x1.02 full, 200 reps") { Self.rates(scale: 1.02, repetitions: 200, full: true, seed: 402) }
        for p in [0.5, 0.99] { #expect(abs(w[p]! - f[p]!) <= 0.1, "p\(p): windowed \(w[p]!) full \(f[p]!)") }
    }
}
