import Testing
import Foundation
@testable import SondeCore

struct ChangePointDetectorTests {
    /// A series with steps at `changes` (index, factor) over a seeded log-normal run-to-run noise.
    static func series(seed: UInt64, count: Int = 60, sigma: Double = 0.1, changes: [(Int, Double)]) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { i in
            let factor = changes.filter { i >= $0.0 }.reduce(1.0) { $0 * $1.1 }
            return 10 * factor * exp(sigma * generator.normal())
        }
    }

    @Test func defaultsSplitOnePercentOverTheReportAndResolveTheLevel() {
        let single = ChangePointSettings()
        #expect(single.seriesLevel == 0.01 && single.permutations == 999)
        let report = ChangePointSettings(seriesCount: 9)
        #expect(isClose(report.seriesLevel, 0.01 / 9))
        #expect(report.permutations == 8999)
        #expect(ChangePointSettings(familyAlpha: 0.2).permutations == 199)
    }

    @Test func aPlantedStepIsFoundWithItsSizeAndPValue() throws {
        let values = Self.series(seed: 7, changes: [(40, 1.5)])
        let found = ChangePointDetector(settings: ChangePointSettings(seriesCount: 9)).detect(values)
        let change = try #require(found.first)
        #expect(found.count == 1)
        #expect(abs(change.index - 40) <= 1)
        #expect(change.pValue < 0.01 / 9)
        #expect(change.before.start == 0 && change.after.start == change.index)
        #expect(change.before.count + change.after.count == 60)
        // The step is 5 ms on a 10 ms median: the interval must hold it and exclude no change.
        #expect(change.shift.lower > 0 && change.shift.lower < 5 && change.shift.upper > 5)
        #expect(try #require(change.ratio) > 1.3 && change.ratio! < 1.7)
    }

    @Test func twoStepsAreFoundByBisection() {
        let values = Self.series(seed: 8, changes: [(20, 1.5), (45, 1 / 1.5)])
        let found = ChangePointDetector(settings: ChangePointSettings()).detect(values).map(\.index)
        #expect(found.count == 2)
        #expect(found.count == 2 && abs(found[0] - 20) <= 1 && abs(found[1] - 45) <= 1)
    }

    @Test func aConstantOrShortSeriesHasNone() {
        let detector = ChangePointDetector(settings: ChangePointSettings())
        #expect(detector.detect(Array(repeating: 3, count: 60)).isEmpty)
        #expect(detector.detect([1, 2, 3, 100, 100, 100, 100, 100, 100]).isEmpty)
        #expect(detector.detect([]).isEmpty)
    }

    @Test func theSameSeedGivesTheSameAnswerAndAStationarySeriesStopsEarly() {
        let values = Self.series(seed: 9, changes: [(30, 1.3)])
        let detector = ChangePointDetector(settings: ChangePointSettings())
        #expect(detector.detect(values, stream: 3) == detector.detect(values, stream: 3))
        // Without a change, the test stops once p can no longer reach the level.
        let flat = Self.series(seed: 10, changes: [])
        var generator = SeededGenerator(seed: 1)
        let candidate = detector.bestCandidate(flat, boundaries: [0, 60])!
        let test = detector.permutationTest(flat, boundaries: [0, 60], observed: candidate.statistic, generator: &generator)
        #expect(test.pValue > 0.01)
        #expect(test.drawn < 999)
    }

    /// A series longer than `maximumPoints` (by default 240: a month of 5-minute runs from one
    /// vantage point, 2,880, is tested in blocks of 12) is tested on block medians and the change
    /// placed back at a run. Here 605 runs with at most 60 points (blocks of 11, the oldest
    /// 605 mod 11 = 0 left out; debug builds are slow at 240 points and 2,880 runs).
    @Test func aLongSeriesIsTestedOnBlockMediansAndTheChangePlacedAtItsRun() throws {
        #expect(ChangePointSettings().blockSize(count: 240) == 1 && ChangePointSettings().blockSize(count: 241) == 2
                && ChangePointSettings().blockSize(count: 2880) == 12)
        let settings = ChangePointSettings(maximumPoints: 60)
        #expect(settings.blockSize(count: 605) == 11)
        let values = Self.series(seed: 11, count: 605, changes: [(405, 1.3)])
        let found = ChangePointDetector(settings: settings).detect(values)
        let change = try #require(found.first)
        #expect(found.count == 1)
        #expect(abs(change.index - 405) <= 1, "placed at \(change.index)")
        #expect(change.blockSize == 11 && change.pValue <= 0.01)
        #expect(change.before.count + change.after.count == 605)
        #expect(change.shift.lower > 0 && change.shift.lower < 3 && change.shift.upper > 3)
        #expect(ChangePointDetector(settings: settings).detect(Self.series(seed: 12, count: 605, changes: [])).isEmpty)
        // Short series are tested run by run, as before.
        #expect(ChangePointDetector(settings: settings).detect(Self.series(seed: 7, changes: [(40, 1.5)])).first?.blockSize == nil)
    }

    @Test func blockMediansAreTheMediansOfConsecutiveRuns() {
        // The oldest 7 mod 3 = 1 value is left out: blocks [9, 2, 4] and [4, 8, 7].
        #expect(ChangePointDetector.blockMedians([1, 9, 2, 4, 4, 8, 7], size: 3) == [4, 7])
        #expect(ChangePointDetector.blockMedians([1, 2, 3, 4], size: 2) == [1.5, 3.5])
    }
}
