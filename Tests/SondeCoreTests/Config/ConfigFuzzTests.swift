import Testing
@testable import SondeCore

/// Feeds mutated configurations to the parser: none may crash it, and every rejection must be
/// one line naming the file and either a line or a field.
@Suite struct ConfigFuzzTests {
    static let corpus = [
        ConfigLoaderTests.valid,
        """
        providers:
          - { name: a, kind: depin, region: eu, endpoint: 'http://127.0.0.1:8080/health?k=${KEY}', headers: { X-Api-Key: '${KEY}' } }
          - { name: b, kind: centralized, endpoint: "https://example.com/", timeout: 2s, samples: 10 }
        probes: { latency: { interval: 250us, reuse: true } }
        analysis: { baseline: b, max_error_rate: 2%, inference_p99: 300ms, resamples: 500, seed: 7 }
        """,
    ]

    /// Fragments that tend to break YAML, the grammar, or the validation.
    static let tokens = [":", "-", "- ", "{", "}", "[", "]", ",", "\"", "'", "${", "}", "%", "\t", "  ", "\n", "#",
                         "&a", "*a", "!!binary", "?", "|", ">", "~", "null", "true", "0", "-1", "1e309", "99999999999999999999",
                         "5", "ms", "/s", "KiB", "http://", "ftp://", "é", "\u{0}", "\u{FEFF}", "💥", "probes:", "latency:",
                         "providers:", "name:", "kind:", "endpoint:", "bandwidth:", "interval:", "samples:"]

    @Test func thousandsOfMutationsNeverCrashAndAlwaysSayWhere() {
        var rng = SeededGenerator(seed: 0x5EED)
        var accepted = 0
        var rejected = 0
        for iteration in 0..<1500 {
            var text = Self.corpus[iteration % Self.corpus.count]
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                text = mutate(text, &rng)
            }
            do {
                _ = try ConfigLoader.parse(text, source: "fuzz.yaml")
                accepted += 1
            } catch {
                rejected += 1
                let message = error.description
                #expect(message.hasPrefix("fuzz.yaml"), "iteration \(iteration): \(message)")
                #expect(error.line != nil || !error.field.isEmpty || message.contains("is empty"), "iteration \(iteration) names neither line nor field: \(message)")
                #expect(!message.contains("\n"), "iteration \(iteration): multi-line message")
            }
        }
        #expect(accepted + rejected == 1500)
        #expect(rejected > 500, "mutations should mostly break the file (\(rejected) rejected)")
    }

    func mutate(_ text: String, _ rng: inout SeededGenerator) -> String {
        var characters = Array(text)
        guard !characters.isEmpty else { return Self.tokens[Int(rng.next() % UInt64(Self.tokens.count))] }
        let position = Int(rng.next() % UInt64(characters.count))
        switch rng.next() % 6 {
        case 0: characters.remove(at: position)
        case 1: characters.insert(contentsOf: Self.tokens[Int(rng.next() % UInt64(Self.tokens.count))], at: position)
        case 2: characters.removeSubrange(position...)
        case 3:
            var lines = String(characters).split(separator: "\n", omittingEmptySubsequences: false)
            let line = Int(rng.next() % UInt64(lines.count))
            if rng.next() % 2 == 0 { lines.remove(at: line) } else { lines.insert(lines[line], at: line) }
            return lines.joined(separator: "\n")
        case 4:
            let other = Int(rng.next() % UInt64(characters.count))
            characters.swapAt(position, other)
        default:
            characters[position] = Self.tokens[Int(rng.next() % UInt64(Self.tokens.count))].first ?? " "
        }
        return String(characters)
    }
}
