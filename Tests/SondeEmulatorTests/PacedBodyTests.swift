import Foundation
@testable import SondeEmulator
import Testing

@Suite struct PacedBodyTests {
    /// Reads the body as FlyingFox does (`nextBuffer` with a suggested size) and notes when
    /// each buffer became available.
    static func read(_ body: PacedBody, suggested: Int) async throws -> [(offset: Duration, bytes: Data)] {
        var iterator = body.makeAsyncIterator()
        let start = ContinuousClock.now
        var buffers: [(Duration, Data)] = []
        while let buffer = try await iterator.nextBuffer(suggested: suggested) {
            buffers.append((ContinuousClock.now - start, buffer))
        }
        return buffers
    }

    @Test func piecesComeOutInOrderNoEarlierThanTheirDeadlines() async throws {
        let pieces = (0..<4).map { Data("data: event \($0)\n\n".utf8) }
        let body = PacedBody(pieces: pieces, interval: .milliseconds(50))
        let buffers = try await Self.read(body, suggested: 4096)
        #expect(buffers.map(\.bytes) == pieces)
        #expect(body.count == pieces.reduce(0) { $0 + $1.count })
        for (index, buffer) in buffers.enumerated() {
            #expect(buffer.offset >= .milliseconds(50) * index, "piece \(index) at \(buffer.offset)")
        }
    }

    @Test func largePiecesAreSplitWithoutExtraPauses() async throws {
        let body = PacedBody(pieces: [Data(count: 10), Data(), Data(count: 3)], interval: .milliseconds(20))
        let buffers = try await Self.read(body, suggested: 4)
        #expect(buffers.map(\.bytes.count) == [4, 4, 2, 3])
        // An empty piece yields nothing but keeps its slot, so the last piece is due at 2 x 20 ms.
        #expect(buffers[3].offset >= .milliseconds(40))
    }
}
