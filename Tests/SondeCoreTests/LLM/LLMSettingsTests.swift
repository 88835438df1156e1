import Testing
@testable import SondeCore

@Suite struct LLMSettingsTests {
    static let provider = """
        providers:
          - name: a
            kind: depin
            endpoint: 'http://127.0.0.1:8080/health'
            headers: { Authorization: "Bearer ${OPENAI_API_KEY}" }

        """

    @Test func llmKeysParseAndTheKeyIsResolvedOnlyInThePlan() throws {
        let config = try ConfigLoader.parse(Self.provider + """
            probes:
              llm: { path: /v1/completions, model: llama-3-8b, prompt_tokens: 512, max_tokens: 64, rate: 2/s, requests: 50,
                     duration: 30s, seed: 9, slo: { ttft: 500ms, tpot: 50ms }, timeout: 20s, chunk_cap: 10 }
            """, source: "c.yaml")
        #expect(!config.runsLatency)
        let llm = try #require(config.llm)
        #expect(llm == LLMProbeSettings(path: "/v1/completions", model: "llama-3-8b", promptTokens: 512, maxTokens: 64,
                                        arrivals: .rate(2, .poisson), requests: 50, duration: .seconds(30), seed: 9,
                                        sloTTFT: .milliseconds(500), sloTPOT: .milliseconds(50), timeout: .seconds(20),
                                        chunkCap: 10))
        #expect(llm.api == .completions)
        let plan = try LLMPlan.make(config: config, settings: llm, providerIDs: ["a": 1],
                                    environment: ["OPENAI_API_KEY": "sk-secret"])
        #expect(plan.targets[0].url == "http://127.0.0.1:8080/v1/completions")
        #expect(plan.targets[0].headers == ["Authorization: Bearer sk-secret"])
        #expect(!config.text.contains("sk-secret"))
        #expect(throws: ConfigError.self) {
            _ = try LLMPlan.make(config: config, settings: llm, providerIDs: ["a": 1], environment: [:])
        }
    }

    @Test func defaultsAreAChatProbeAtFixedConcurrency() throws {
        let config = try ConfigLoader.parse(Self.provider + "probes:\n  llm: { model: m }\n", source: "c.yaml")
        #expect(config.llm == LLMProbeSettings(model: "m"))
        #expect(config.llm?.api == .chat && config.llm?.arrivals == .concurrency(4))
        let constant = try ConfigLoader.parse(Self.provider + "probes:\n  llm: { rate: 30/m, arrivals: constant }\n",
                                              source: "c.yaml")
        #expect(constant.llm?.arrivals == .rate(0.5, .constant))
    }

    @Test func badLLMKeysNameTheirField() {
        for (yaml, field) in [("llm: { concurrency: 2, rate: 1/s }", "probes.llm.rate"),
                              ("llm: { rate: fast }", "probes.llm.rate"),
                              ("llm: { path: v1 }", "probes.llm.path"),
                              ("llm: { slo: { ttft: 5 } }", "probes.llm.slo.ttft"),
                              ("llm: { concurrency: 2, arrivals: poisson }", "probes.llm.arrivals"),
                              ("llm: { tokens: 5 }", "probes.llm")] {
            #expect {
                _ = try ConfigLoader.parse(Self.provider + "probes:\n  " + yaml + "\n", source: "c.yaml")
            } throws: { error in
                (error as? ConfigError)?.field.hasPrefix(field) == true
            }
        }
    }
}

@Suite struct LLMSweepSettingsTests {
    @Test func sweepKeysParse() throws {
        let config = try ConfigLoader.parse(LLMSettingsTests.provider + """
            probes:
              llm: { model: m, slo: { ttft: 200ms }, sweep: { step: 3s, rates: 4, refine: 2%, max_steps: 20,
                     ceiling_concurrency: 32, overload: { backlog: 8, for: 1500ms }, target: 95% } }
            """, source: "c.yaml")
        #expect(config.llm?.sweep == LLMSweepSettings(step: .seconds(3), rates: 4, refine: 0.02, maxSteps: 20,
                                                      ceilingConcurrency: 32, overloadBacklog: 8,
                                                      overloadFor: .milliseconds(1500), target: 0.95))
        let defaults = try ConfigLoader.parse(LLMSettingsTests.provider + "probes:\n  llm: { slo: { tpot: 50ms }, sweep: {} }\n",
                                              source: "c.yaml")
        #expect(defaults.llm?.sweep == LLMSweepSettings())
    }

    @Test(arguments: [
        ("{ sweep: { step: 3s } }", "probes.llm.sweep"),
        ("{ rate: 2/s, slo: { ttft: 1s }, sweep: {} }", "probes.llm.sweep"),
        ("{ slo: { ttft: 1s }, sweep: { overload: { backlog: 0 } } }", "probes.llm.sweep.overload.backlog"),
        ("{ slo: { ttft: 1s }, sweep: { pace: 2 } }", "probes.llm.sweep"),
        ("{ slo: { ttft: 1s }, sweep: { refine: 150% } }", "probes.llm.sweep.refine"),
    ])
    func badSweepsNameTheirField(yaml: String, field: String) {
        do {
            _ = try ConfigLoader.parse(LLMSettingsTests.provider + "probes:\n  llm: \(yaml)\n", source: "c.yaml")
            Issue.record("accepted \(yaml)")
        } catch {
            #expect((error as ConfigError).field.hasPrefix(field), "\(error)")
        }
    }
}
