import Testing
@testable import SondeCore

/// The stored configuration is parsed once, leniently about keys and strictly about values.
@Suite struct StoredSettingsTests {
    static let base = """
        providers:
          - name: cloud
            kind: centralized
            endpoint: http://127.0.0.1:1/
        analysis:
          baseline: cloud
          confidence: 0.9
        """

    @Test func knownSettingsAreRead() throws {
        let settings = try StoredSettings.parse(Self.base, run: "r1")
        #expect(settings.analysis.confidence == 0.9)
        #expect(settings.analysis.baseline == "cloud")
        #expect(settings.notes.isEmpty)
    }

    @Test func unknownKeysOfANewerSondeBecomeANote() throws {
        let text = Self.base + "\n  sequential_tests: true\nprobes:\n  traceroute: { hops: 30 }\n  latency: { interval: 50ms, jitter: 1ms }\nhistory: { bucket: 1h }\n"
        let settings = try StoredSettings.parse(text, run: "r2")
        #expect(settings.analysis.confidence == 0.9, "known keys still apply")
        #expect(settings.config?.latency.interval == .milliseconds(50))
        let note = try #require(settings.notes.first)
        #expect(note.hasPrefix("Run r2 was configured with keys this sonde"))
        for key in ["analysis.sequential_tests (line 8)", "probes.traceroute (line 10)", "probes.latency.jitter (line 11)", "history (line 12)"] {
            #expect(note.contains(key), "\(key) in: \(note)")
        }
    }

    @Test func anInvalidKnownValueNamesTheRunAndTheField() {
        let text = Self.base.replacingOccurrences(of: "confidence: 0.9", with: "confidence: 7")
        #expect {
            _ = try StoredSettings.parse(text, run: "r3")
        } throws: { error in
            guard let problem = error as? StoredSettings.Problem else { return false }
            return problem.run == "r3" && problem.error.field == "analysis.confidence"
                && problem.description.hasPrefix("run r3: stored configuration:") && problem.description.contains("analysis.confidence")
        }
    }

    @Test func noStoredConfigurationIsSaidNotSilent() throws {
        let settings = try StoredSettings.parse("  \n", run: "r4")
        #expect(settings.config == nil)
        #expect(settings.notes == ["Run r4 stored no configuration: analysis settings are sonde's defaults."])
    }

    @Test func theStrictParseStillRejectsUnknownKeys() {
        #expect(throws: ConfigError.self) { _ = try ConfigLoader.parse(Self.base + "\nhistory: { bucket: 1h }\n", source: "sonde.yaml") }
    }
}
