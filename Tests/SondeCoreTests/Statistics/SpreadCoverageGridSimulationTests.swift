#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import SondeCore

/// Issue 23's coverage grid (`CoverageGrid`): every cell's 95% variance-, IQR- and MAD-ratio
/// intervals, 1,000 values a side. Opt-in; repetitions from SONDE_GRID_REPS (default 2,000, as
/// the issue asks; `scripts/stats/coverage-grid.sh` runs the same cells and seeds faster).
///
/// Run: SONDE_SIMULATION=1 swift test -c release --filter SpreadCoverageGrid
@Suite("SpreadCoverageGridSimulation", .tags(.simulation),
       .enabled(if: getenv("SONDE_SIMULATION").map { String(cString: $0) } == "1"))
struct SpreadCoverageGridSimulationTests {
    static var repetitions: Int {
        getenv("SONDE_GRID_REPS").flatMap { Int(String(cString: $0)) } ?? 2000
    }

    /// Reports every cell; gates only what docs/statistics.md records as holding: the ordinary
    /// cells (log-normal σ ≤ 0.5) and the slow episodes (c) within 95 ± 2% for all three ratios,
    /// and (c') for the variance ratio (with the Monte-Carlo error of the repetitions added,
    /// 1.96·√(0.95·0.05/reps)).
    @Test("coverage grid: ordinary cells within 95 ± 2%, the rest reported", arguments: Array(CoverageGrid.cells.indices))
    func cell(_ index: Int) {
        let cell = CoverageGrid.cells[index]
        let reps = Self.repetitions
        let outcomes = (0..<reps).map { CoverageGrid.run(cell, index: index, rep: $0) }
        let s = CoverageGrid.Summary(outcomes)
        print("[simulation] grid \(index) \(cell.name): \(s)")
        let episodes = cell.name.hasPrefix("(c)"), rareEpisodes = cell.name.hasPrefix("(c')")
        guard cell.ordinary || episodes || rareEpisodes else { return }
        let slack = 0.02 + 1.96 * (0.95 * 0.05 / Double(reps)).squareRoot()
        #expect(abs(s.variance - 0.95) <= slack, "variance ratio coverage \(s.variance) in \(cell.name)")
        // (c'): the IQR and MAD ratios miss (0.876, 0.924 over 2,000 windows; docs/statistics.md).
        guard !rareEpisodes else { return }
        #expect(abs(s.iqr - 0.95) <= slack, "IQR ratio coverage \(s.iqr) in \(cell.name)")
        #expect(abs(s.mad - 0.95) <= slack, "MAD ratio coverage \(s.mad) in \(cell.name)")
    }
}
