import Testing
@testable import SondeCore

struct CountResamplerTests {
    /// Pooled providers are resampled within themselves: each keeps its share of the resample.
    @Test func pooledGroupsKeepTheirSizes() {
        let a = (0..<50).map { Double($0) }          // values 0..<50
        let b = (0..<30).map { 1000 + Double($0) }   // values 1000..<1030
        var r = CountResampler(groups: [a, b])
        var rng = SeededGenerator(seed: 1)
        for method in [BootstrapMethod.iid, .movingBlock(blockLength: 8)] {
            for _ in 0..<20 {
                r.draw(method, &rng)
                let fromA = r.counts[0..<50].reduce(0) { $0 + Int($1) }
                let fromB = r.counts[50..<80].reduce(0) { $0 + Int($1) }
                #expect(fromA == 50 && fromB == 30)
            }
        }
    }

    /// A block resample of a strictly increasing series consists of runs of consecutive values
    /// (wrapping around), so every drawn value's successor is drawn too except at block ends.
    @Test func blocksAreContiguousRuns() {
        let x = (0..<200).map { Double($0) }
        var r = CountResampler(groups: [x])
        var rng = SeededGenerator(seed: 2)
        r.draw(.movingBlock(blockLength: 10), &rng)
        let drawnWithoutSuccessor = (0..<200).filter { r.counts[$0] > 0 && r.counts[($0 + 1) % 200] == 0 }
        #expect(drawnWithoutSuccessor.count <= 20)  // at most one per block
    }
}
