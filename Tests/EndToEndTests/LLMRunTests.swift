import Foundation
import SondeTestSupport
import Testing
import SondeCore
import SondeEmulator
import SondeStore

/// The LLM probe end to end: the emulator's endpoint against the official `openai` Python
/// client, and `sonde run` + `sonde report` with `probes.llm`.
@Suite(.serialized) struct LLMRunTests {
    /// Runs a program to completion off Swift's shared threads; returns its status and output.
    static func tool(_ path: String, _ arguments: [String]) async throws -> (Int32, String) {
        let outcome = try await TestProcess.runOffThread(path, arguments)
        return (outcome.status, outcome.output)
    }

    /// The `python3` first on PATH (a pyenv or venv one before the system's).
    static let python = "/usr/bin/env"

    /// `python3` with the `openai` package, installing it with pip when missing; nil when that fails.
    static func pythonWithOpenAI() async throws -> [String]? {
        let prefix = ["python3"]
        let executable = python
        if try await tool(executable, prefix + ["-c", "import openai"]).0 == 0 { return [executable] + prefix }
        let (status, output) = try await tool(executable, prefix + ["-m", "pip", "install", "--quiet", "openai"])
        guard status == 0, try await tool(executable, prefix + ["-c", "import openai"]).0 == 0 else {
            // With CI=true a missing peer is a failure, never a skip.
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                Issue.record("CI=true and the openai SDK cannot be installed (`pip install openai` failed):\n\(output)")
            } else {
                print("⚠️  SKIPPING the openai client test: `pip install openai` failed:\n\(output)")
            }
            return nil
        }
        return [executable] + prefix
    }

    static let script = """
        import sys, openai
        client = openai.OpenAI(base_url=sys.argv[1], api_key="sk-emulated")
        stream = client.chat.completions.create(model="emulated", messages=[{"role": "user", "content": "one two three four"}],
                                                max_tokens=12, stream=True, stream_options={"include_usage": True})
        chunks = list(stream)
        content = [c for c in chunks if c.choices and c.choices[0].delta.content]
        text = "".join(c.choices[0].delta.content for c in content)
        print("chat", len(chunks), len(content), chunks[-1].usage.completion_tokens, chunks[-1].usage.prompt_tokens, repr(text))
        legacy = client.completions.create(model="emulated", prompt="a b", max_tokens=7, stream=True)
        print("completions", sum(1 for c in legacy if c.choices and c.choices[0].text))
        whole = client.chat.completions.create(model="emulated", messages=[{"role": "user", "content": "x"}], max_tokens=3)
        print("whole", whole.usage.completion_tokens, repr(whole.choices[0].message.content))
        """

    @Test func theOfficialOpenAIClientStreamsFromTheEmulator() async throws {
        guard let python = try await Self.pythonWithOpenAI() else { return }
        let dir = try temporaryDirectory()
        try """
            providers:
              - { name: gpu, kind: depin, region: r, latency: { median: 1ms, sigma: 0.1 }, llm: { queue: 5ms, prefill_per_token: 0.1ms, decode: 2ms } }
            """.write(to: dir.appendingPathComponent("fleet.yaml"), atomically: true, encoding: .utf8)
        try Self.script.write(to: dir.appendingPathComponent("client.py"), atomically: true, encoding: .utf8)
        let emulator = try SondeBinary.start(["emulate", "--fleet", "fleet.yaml", "--endpoints", "endpoints.yaml"], in: dir)
        defer { emulator.process.terminate() }
        let endpoints = dir.appendingPathComponent("endpoints.yaml")
        let deadline = ContinuousClock.now + .seconds(20)
        while !FileManager.default.fileExists(atPath: endpoints.path), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        let yaml = try String(contentsOf: endpoints, encoding: .utf8)
        let url = try #require(yaml.split(separator: "\n").first { $0.contains("endpoint:") }?
            .replacingOccurrences(of: "endpoint:", with: "").trimmingCharacters(in: .whitespaces))
        let base = url.replacingOccurrences(of: "/health", with: "/v1")
        let (status, output) = try await Self.tool(python[0], Array(python.dropFirst()) + [dir.appendingPathComponent("client.py").path, base])
        #expect(status == 0, "\(output)")
        // A role chunk, 12 content chunks (one per token), then the usage chunk.
        #expect(output.contains("chat 14 12 12 4 'sonde measures the latency of every token it sees sonde measures the '"), "\(output)")
        #expect(output.contains("completions 7"), "\(output)")
        #expect(output.contains("whole 3 'sonde measures the '"), "\(output)")
    }

    @Test func llmRequestsAreStoredAndReported() async throws {
        let spec = try FleetSpec.parse(yaml: """
            providers:
              - { name: cloud, kind: centralized, region: us, latency: { median: 1ms, sigma: 0.1 }, llm: { queue: 10ms, prefill_per_token: 0.1ms, decode: 4ms, jitter: 0.05 } }
              - { name: flaky, kind: depin, region: eu, latency: { median: 1ms, sigma: 0.1 }, llm: { queue: 10ms, decode: 4ms }, llm_fault: broken_json }
            """, source: "fleet.yaml")
        let fleet = try await EmulatedFleet.start(spec)
        let dir = try temporaryDirectory()
        let config = fleet.providersYAML().replacingOccurrences(of: "    endpoint:", with: """
                headers: { Authorization: "Bearer ${SONDE_TEST_KEY}" }
                endpoint:
            """) + """

            probes:
              llm: { model: m, prompt_tokens: 64, max_tokens: 16, concurrency: 2, requests: 8, slo: { ttft: 1s, tpot: 100ms }, chunk_cap: 4 }

            """
        try config.write(to: dir.appendingPathComponent("sonde.yaml"), atomically: true, encoding: .utf8)
        let result = try await SondeBinary.run(["run", "-c", "sonde.yaml", "--db", "run.db", "--label", "llm"], in: dir,
                                               environment: ["SONDE_TEST_KEY": "sk-very-secret"])
        await fleet.stop()
        #expect(result.status == 0, "\(result.stderr)")

        let store = try SampleStore(path: dir.appendingPathComponent("run.db").path, create: false)
        #expect(try store.appliedMigrations().starts(with: [1, 2, 3]))
        let run = try store.run(.label("llm"))
        #expect(run.status == .complete && !run.info.configText.contains("sk-very-secret"))
        let data = try store.loadLLM(run)
        #expect(data.map(\.provider.name) == ["cloud", "flaky"])
        #expect(data.map(\.samples.count) == [8, 8] && data.map(\.records.count) == [8, 8])
        #expect(data[0].samples.allSatisfy { $0.succeeded } && data[1].samples.allSatisfy { $0.errorClass == .protocol })
        let records = data[0].records.values
        #expect(records.allSatisfy { $0.outputTokens == 16 && $0.tokensSource == .usage && $0.promptTokens == 64 })
        // Chunk offsets kept for the first chunk_cap requests only.
        #expect(records.filter { !$0.chunkOffsetsUs.isEmpty }.map(\.sequence).sorted() == [0, 1, 2, 3])
        let series = LLMSeries(data[0])
        #expect(series.ttftUs.count == 8 && series.tpotUs.count == 8)

        let report = try await SondeBinary.run(["report", "--db", "run.db", "--last"], in: dir)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("## LLM inference"))
        #expect(report.stdout.contains("| cloud | 8 | 8 | 0 |"))
        #expect(report.stdout.contains("| flaky | 8 | 0 | protocol 8 |"))
        #expect(report.stdout.contains("usage 8 | 100.0% |"))
        #expect(!report.stdout.contains("sk-very-secret"))
    }
}
