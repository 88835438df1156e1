import Foundation
import Testing
import SondeCore
@testable import SondeReport

/// Mutated JSON baselines (what `sonde gate --baseline FILE` reads): never a crash, and every
/// rejection is one line that says where.
@Suite struct JSONBaselineFuzzTests {
    @Test func mutatedBaselinesAreRejectedWithOneLineOrDecoded() throws {
        let input = try ReportInput(data: Fixtures.runData(), options: AnalysisOptions(baseline: "cloud-us-east", resamples: 100))
        let original = JSONExporter().export(input)
        let tokens: [[UInt8]] = ["{", "}", "[", "]", ",", ":", "\"", "null", "-1", "1e400", "\"x\"", "true", "\\u0000", "NaN"].map { Array($0.utf8) }
        var rng = SeededGenerator(seed: 42)
        var decoded = 0
        var rejected = 0
        for iteration in 0..<1000 {
            var bytes = original
            for _ in 0..<(1 + Int(rng.next() % 3)) {
                let position = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 4 {
                case 0: bytes.remove(at: position)
                case 1: bytes.insert(contentsOf: tokens[Int(rng.next() % UInt64(tokens.count))], at: position)
                case 2: bytes.removeSubrange(position...)
                default: bytes[position] = UInt8(truncatingIfNeeded: rng.next())
                }
            }
            do {
                let document = try JSONExporter.decode(bytes)
                _ = GateSample.all(document)
                decoded += 1
            } catch {
                rejected += 1
                let message = JSONExporter.describe(error)
                #expect(!message.isEmpty && !message.contains("\n"), "iteration \(iteration): \(message)")
            }
        }
        #expect(decoded + rejected == 1000)
        #expect(rejected > 500)
    }
}
