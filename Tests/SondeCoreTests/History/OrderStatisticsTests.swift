import Foundation
import Testing
@testable import SondeCore

/// Selection gives the values a sort puts at each rank, to the last bit, on data with and without
/// repeated values, and the quantiles and intervals built on it are the sorted ones.
struct OrderStatisticsTests {
    /// Arrays of several sizes: log-normal, whole µs with many repeats, constant, ascending, descending.
    static func samples() -> [[Double]] {
        var generator = SeededGenerator(seed: 11)
        var arrays: [[Double]] = []
        for n in [1, 2, 3, 24, 25, 100, 1_001, 20_000] {
            arrays.append((0..<n).map { _ in 20_000 * exp(0.5 * generator.normal()) })
            arrays.append((0..<n).map { _ in Double(Int(20 + 3 * generator.normal())) })
            arrays.append([Double](repeating: 7, count: n))
            arrays.append((0..<n).map(Double.init))
            arrays.append((0..<n).map { Double(n - $0) })
        }
        return arrays
    }

    @Test func selectedRanksAreTheSortedValues() {
        for values in Self.samples() {
            let sorted = values.sorted(), n = values.count
            let ranks = [0, n - 1, n / 2, (n - 1) / 2, n / 3, n * 99 / 100, n / 2]
            var work = values
            #expect(OrderStatistics.select(&work, ranks: ranks) == ranks.map { sorted[$0] })
            #expect(work.sorted() == sorted)
            var again = values
            #expect(OrderStatistics.quantiles(&again, [0, 0.5, 0.9, 0.99, 1]) == [0, 0.5, 0.9, 0.99, 1].map { Quantile.ofSorted(sorted, $0) })
        }
    }

    @Test func intervalsBySelectionAreTheSortedOnes() {
        for values in Self.samples() {
            let sorted = values.sorted()
            var work = values
            let selected = QuantileInterval.selecting(&work, ps: [0.5, 0.9, 0.99], confidence: 0.95)
            #expect(selected == [0.5, 0.9, 0.99].map { QuantileInterval(sorted: sorted, p: $0, confidence: 0.95) })
        }
    }
}
