import Testing
import SondeCore

@Suite struct SecretTemplateTests {
    @Test func resolvesReferencesFromTheEnvironment() throws {
        let text = "Bearer ${TOKEN} for ${USER_1}"
        #expect(try SecretTemplate.references(in: text) == ["TOKEN", "USER_1"])
        #expect(try SecretTemplate.resolve(text, environment: ["TOKEN": "s3cr3t", "USER_1": "me"]) == "Bearer s3cr3t for me")
    }

    @Test func aMissingVariableIsNamed() {
        #expect(throws: SecretTemplate.Problem(problem: "environment variable TOKEN is not set")) {
            try SecretTemplate.resolve("${TOKEN}", environment: [:])
        }
    }

    @Test func thePlanResolvesButTheConfigKeepsTheReference() throws {
        let config = try ConfigLoader.parse("""
            providers:
              - {name: a, kind: depin, endpoint: 'http://127.0.0.1/?key=${KEY}', headers: {Authorization: 'Bearer ${KEY}'}}
            """, source: "c.yaml")
        let plan = try LatencyPlan.make(config: config, providerIDs: ["a": 1], environment: ["KEY": "xyz"], duration: nil)
        #expect(plan.targets[0].url == "http://127.0.0.1/?key=xyz")
        #expect(plan.targets[0].headers == ["Authorization: Bearer xyz"])
        #expect(config.providers[0].provider.endpoint == "http://127.0.0.1/?key=${KEY}")
        #expect(throws: ConfigError.self) {
            try LatencyPlan.make(config: config, providerIDs: ["a": 1], environment: [:], duration: nil)
        }
    }

    @Test func providersStartOffsetByIntervalOverN() throws {
        let config = try ConfigLoader.parse("""
            providers:
              - {name: a, kind: depin, endpoint: 'http://127.0.0.1/'}
              - {name: b, kind: depin, endpoint: 'http://127.0.0.1/'}
              - {name: c, kind: depin, endpoint: 'http://127.0.0.1/'}
              - {name: d, kind: depin, endpoint: 'http://127.0.0.1/'}
            probes:
              latency: {interval: 200ms}
            """, source: "c.yaml")
        let plan = try LatencyPlan.make(config: config, providerIDs: ["a": 1, "b": 2, "c": 3, "d": 4], environment: [:], duration: nil)
        #expect(plan.targets.map(\.offset) == [.zero, .milliseconds(50), .milliseconds(100), .milliseconds(150)])
        #expect(plan.targets[1].intendedOffset(ofAttempt: 3) == .milliseconds(650))
    }
}
