import SondeCore
import Testing

/// `probes.tcp` and `tcp_target`: parsed, validated with the field named, and planned against the
/// endpoint's host and port (80/443 by default) or the explicit target.
struct TCPPlanTests {
    static let text = """
        providers:
          - {name: a, kind: depin, endpoint: 'https://a.example.net/health'}
          - {name: b, kind: depin, endpoint: 'http://127.0.0.1:8080/x'}
          - {name: c, kind: centralized, endpoint: 'http://c.example.com/', tcp_target: 'c.example.com:22'}
          - {name: d, kind: depin, endpoint: 'http://[::1]/'}
        probes:
          tcp: {interval: 100ms, samples: 7, timeout: 2s}

        """

    @Test func plansEachProvidersHostAndPort() throws {
        let config = try ConfigLoader.parse(Self.text, source: "s.yaml")
        #expect(!config.runsLatency)
        let plan = try RunPlan.make(config: config, environment: [:], duration: nil)
        let tcp = try #require(plan.steps.first as? TCPPlan)
        #expect(plan.steps.count == 1)
        #expect(tcp.targets.map(\.host) == ["a.example.net", "127.0.0.1", "c.example.com", "::1"])
        #expect(tcp.targets.map(\.port) == [443, 8080, 22, 80])
        #expect(tcp.targets.allSatisfy { $0.samples == 7 && $0.interval == .milliseconds(100) && $0.timeout == .seconds(2) })
        // Starts offset by interval/N, as the latency probe's.
        #expect(tcp.targets.map(\.offset) == [.zero, .milliseconds(25), .milliseconds(50), .milliseconds(75)])
    }

    @Test func boundPlansCarryTheStoredIDs() throws {
        let config = try ConfigLoader.parse(Self.text, source: "s.yaml")
        let plan = try RunPlan.make(config: config, environment: [:], duration: nil)
            .bound(to: ["a": 11, "b": 12, "c": 13, "d": 14])
        #expect((plan.steps.first as? TCPPlan)?.targets.map(\.providerID) == [11, 12, 13, 14])
    }

    @Test(arguments: [
        ("tcp_target: 'nohost'", "providers[0].tcp_target", "'nohost' is not host:port"),
        ("tcp_target: 'h:0'", "providers[0].tcp_target", "'h:0' is not host:port"),
        ("tcp_target: 'h:70000'", "providers[0].tcp_target", "'h:70000' is not host:port"),
    ])
    func badTargetsAreRejected(key: String, field: String, problem: String) {
        let text = "providers:\n  - {name: a, kind: depin, endpoint: 'http://h/', \(key)}\nprobes:\n  tcp: {}\n"
        #expect {
            _ = try ConfigLoader.parse(text, source: "s.yaml")
        } throws: { error in
            String(describing: error).hasPrefix("s.yaml:2: \(field): \(problem)")
        }
    }

    @Test func aSubMillisecondTimeoutIsRejected() {
        let text = "providers:\n  - {name: a, kind: depin, endpoint: 'http://h/'}\nprobes:\n  tcp:\n    timeout: 500us\n"
        #expect {
            _ = try ConfigLoader.parse(text, source: "s.yaml")
        } throws: { error in
            String(describing: error).hasPrefix("s.yaml:5: probes.tcp.timeout: '500us' is below 1ms")
        }
    }

    @Test func unknownKeysAreRejected() {
        let text = "providers:\n  - {name: a, kind: depin, endpoint: 'http://h/'}\nprobes:\n  tcp: {port: 22}\n"
        #expect {
            _ = try ConfigLoader.parse(text, source: "s.yaml")
        } throws: { error in
            String(describing: error).hasPrefix("s.yaml:4: probes.tcp.port: unknown key")
        }
    }

    @Test func aBareSectionMeansTheDefaults() throws {
        let config = try ConfigLoader.parse("providers:\n  - {name: a, kind: depin, endpoint: 'http://h/'}\nprobes:\n  tcp:\n",
                                            source: "s.yaml")
        #expect(config.sections[.tcp]?.isEqual(to: TCPSettings()) == true)
    }
}
