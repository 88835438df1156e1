import Testing
@testable import SondeCore

struct SelectionTests {
    @Test func selectAgreesWithSortingIncludingTies() {
        var rng = SeededGenerator(seed: 3)
        for n in [1, 2, 3, 10, 101, 1000] {
            let values = (0..<n).map { _ in Double(rng.index(below: 20)) }
            let sorted = values.sorted()
            for p in [0, 0.001, 0.25, 0.5, 0.75, 0.99, 1] {
                var copy = values
                let q = copy.withUnsafeMutableBufferPointer { Selection.quantile($0, p) }
                #expect(q == Quantile.ofSorted(sorted, p), "n=\(n) p=\(p)")
            }
        }
    }

    @Test func generatorIsReproducibleAndBounded() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42)
        #expect((0..<100).map { _ in a.next() } == (0..<100).map { _ in b.next() })
        var c = SeededGenerator(seed: 42, stream: 1), d = SeededGenerator(seed: 42, stream: 2)
        #expect(c.next() != d.next())
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 { counts[a.index(below: 7)] += 1 }
        #expect(counts.allSatisfy { abs($0 - 10_000) < 500 })
    }
}
