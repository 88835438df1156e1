import Testing
@testable import SondeCore

@Suite struct ConfigLoaderTests {
    static let valid = """
        providers:
          - name: aws-us-east-1
            kind: centralized
            region: us-east-1
            endpoint: https://inference.example.com/health
          - name: akash-eu
            kind: depin
            region: eu-central
            endpoint: http://abc.provider.example.net/health
            headers: { Authorization: "Bearer ${AKASH_TOKEN}" }
            interval: 1s
            reuse: true
            tls: { verify: false }
        probes:
          latency: { interval: 200ms, samples: 2000, timeout: 5s }
        analysis:
          baseline: aws-us-east-1
          confidence: 0.9
        """

    @Test func parsesEveryKey() throws {
        let config = try ConfigLoader.parse(Self.valid, source: "sonde.yaml")
        #expect(config.providers.count == 2)
        #expect(config.providers[0].kind == .centralized)
        #expect(config.providers[0].verifyTLS)
        #expect(config.providers[1].headers["Authorization"] == "Bearer ${AKASH_TOKEN}")
        #expect(config.providers[1].interval == .seconds(1))
        #expect(config.providers[1].reuse == true)
        #expect(config.providers[1].verifyTLS == false)
        #expect(config.latency == LatencyProbeSettings(interval: .milliseconds(200), samples: 2000, timeout: .seconds(5), reuse: false))
        #expect(config.analysis.baseline == "aws-us-east-1")
        #expect(config.analysis.confidence == 0.9)
    }

    @Test func defaultsApplyWhenProbesAreOmitted() throws {
        let config = try ConfigLoader.parse("providers:\n  - {name: a, kind: depin, endpoint: 'http://127.0.0.1:1/'}\n", source: "c.yaml")
        #expect(config.latency == LatencyProbeSettings())
        #expect(config.providers[0].region == "")
    }

    /// Each bad input and the one-line message it must produce: file, line, field, problem.
    @Test(arguments: [
        ("providers:\n  - name: a\n    kind: depin\n    endpoint: ftp://x/\n",
         "c.yaml:4: providers[0].endpoint: 'ftp://x/' must be an http(s) URL"),
        ("providers:\n  - name: a\n    kind: cloud\n    endpoint: http://x/\n",
         "c.yaml:3: providers[0].kind: 'cloud' is not a provider kind (depin or centralized)"),
        ("providers:\n  - name: a\n    kind: depin\n", "c.yaml:2: providers[0].endpoint: is missing"),
        ("providers:\n  - {name: a, kind: depin, endpoint: 'http://x/'}\nprobes:\n  ping: {}\n",
         "c.yaml:4: probes.ping: unknown probe kind (known: latency, bandwidth, load, llm, availability, provision, tcp)"),
        ("providers:\n  - {name: a, kind: depin, endpoint: 'http://x/'}\nprobes:\n  availability: {repeats: 5}\n",
         "c.yaml:4: probes.availability.repeats: unknown key (expected one of: duration, failures_to_interrupt, interval, job, path, timeout)"),
        ("providers:\n  - {name: a, kind: depin, endpoint: 'http://x/'}\nprobes:\n  latency: {interval: 200}\n",
         "c.yaml:4: probes.latency.interval: '200' is not a duration (use e.g. 250us, 200ms, 5s, 10m, 2h)"),
        ("providers:\n  - {name: a, kind: depin, endpoint: 'http://x/'}\nprobes:\n  latency: {samples: 0}\n",
         "c.yaml:4: probes.latency.samples: 0 is out of range 1...100000000"),
        ("providers:\n  - {name: a, kind: depin, endpoint: 'http://x/', colour: red}\n",
         "c.yaml:2: providers[0].colour: unknown key (expected one of: bandwidth_path, billing, endpoint, headers, interval, jurisdiction, kind, name, price, provision, region, reuse, samples, tcp_target, timeout, tls, wait)"),
        ("providers:\n  - {name: a, kind: depin, endpoint: 'http://x/'}\n  - {name: a, kind: depin, endpoint: 'http://y/'}\n",
         "c.yaml:3: providers[1].name: 'a' is used by another provider"),
        ("providers:\n  - {name: a, kind: depin, endpoint: 'http://x/'}\nanalysis:\n  baseline: b\n",
         "c.yaml:4: analysis.baseline: 'b' is not a configured provider"),
        ("providers: [\n", "c.yaml:2: malformed YAML: did not find expected node content"),
        ("", "c.yaml: is empty (expected a providers: list)"),
        ("providers: []\n", "c.yaml:1: providers: must list at least one provider"),
        ("providers:\n  - {name: a, kind: depin, endpoint: 'http://x/${TOKEN'}\n",
         "c.yaml:2: providers[0].endpoint: unterminated ${ reference"),
    ])
    func rejectsBadInputWithItsLineAndField(text: String, message: String) {
        #expect(throws: ConfigError.self) { try ConfigLoader.parse(text, source: "c.yaml") }
        do {
            _ = try ConfigLoader.parse(text, source: "c.yaml")
        } catch {
            #expect(error.description == message)
            #expect(!error.description.contains("\n"))
        }
    }
}
