import SondeCore
import Testing

/// Every timeout that reaches libcurl is at least 1 ms, or the configuration is rejected with
/// the field named (libcurl would read a truncated 0 as "no timeout").
struct TimeoutRuleTests {
    static let provider = "providers:\n  - {name: a, kind: depin, endpoint: 'http://127.0.0.1:9/'}\n"

    @Test(arguments: [
        ("probes:\n  latency: {timeout: 500us}\n", "probes.latency.timeout"),
        ("probes:\n  bandwidth: {timeout: 999us}\n", "probes.bandwidth.timeout"),
        ("probes:\n  load: {timeout: 1us}\n", "probes.load.timeout"),
        ("probes:\n  llm: {timeout: 10us}\n", "probes.llm.timeout"),
        ("probes:\n  availability: {timeout: 900us}\n", "probes.availability.timeout"),
    ])
    func subMillisecondProbeTimeoutsAreRejected(section: String, field: String) {
        #expect {
            _ = try ConfigLoader.parse(Self.provider + section, source: "s.yaml")
        } throws: { error in
            let description = String(describing: error)
            return description.hasPrefix("s.yaml:4: \(field): ") && description.contains("below 1ms")
        }
    }

    @Test func subMillisecondProviderTimeoutIsRejected() {
        let text = "providers:\n  - name: a\n    kind: depin\n    endpoint: 'http://127.0.0.1:9/'\n    timeout: 200us\n"
        #expect(throws: ConfigError(source: "s.yaml", line: 5, field: "providers[0].timeout",
                                    problem: "'200us' is below 1ms, the smallest timeout libcurl can apply (it counts whole milliseconds)")) {
            _ = try ConfigLoader.parse(text, source: "s.yaml")
        }
    }

    @Test func oneMillisecondIsAccepted() throws {
        let config = try ConfigLoader.parse(Self.provider + "probes:\n  latency: {timeout: 1ms}\n", source: "s.yaml")
        #expect(config.latency.timeout == .milliseconds(1))
    }
}
