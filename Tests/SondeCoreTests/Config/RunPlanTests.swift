import SondeCore
import Testing

/// A run's plan is built and validated once, before the database exists; binding ids and
/// swapping a provisioned machine in never read the environment again.
struct RunPlanTests {
    static let text = """
        providers:
          - {name: a, kind: depin, endpoint: 'http://a.example/health?k=${SONDE_KEY}'}
          - {name: b, kind: centralized, endpoint: 'https://b.example/health'}
        probes:
          latency: {interval: 100ms, samples: 3}
          bandwidth: {repeats: 1}
          llm: {requests: 2}
          availability: {interval: 1s, duration: 5s}

        """

    @Test func resolvesOnceAndOrdersTheSteps() throws {
        let config = try ConfigLoader.parse(Self.text, source: "s.yaml")
        let plan = try RunPlan.make(config: config, environment: ["SONDE_KEY": "s3cret"], duration: .seconds(30))
        #expect(plan.steps.map(\.kind) == [.latency, .bandwidth, .llm])
        #expect(plan.alongside.map(\.kind) == [.availability])
        let latency = try #require(plan.steps.first as? LatencyPlan)
        #expect(latency.targets.map(\.url) == ["http://a.example/health?k=s3cret", "https://b.example/health"])
        #expect(latency.targets.map(\.providerID) == [0, 1])  // placeholders until bound
        #expect(latency.maxDuration == .seconds(30))
    }

    @Test func aMissingVariableFailsNamingTheField() throws {
        let config = try ConfigLoader.parse(Self.text, source: "s.yaml")
        #expect(throws: ConfigError(source: "s.yaml", line: nil, field: "providers[0].endpoint",
                                    problem: "environment variable SONDE_KEY is not set")) {
            _ = try RunPlan.make(config: config, environment: [:], duration: nil)
        }
    }

    @Test func bindingAndProvisioningKeepTheResolvedRequests() throws {
        let config = try ConfigLoader.parse(Self.text, source: "s.yaml")
        let plan = try RunPlan.make(config: config, environment: ["SONDE_KEY": "s3cret"], duration: nil)
            .bound(to: ["a": 7, "b": 9])
        let bound = try #require(plan.steps.first as? LatencyPlan)
        #expect(bound.targets.map(\.providerID) == [7, 9])
        #expect(bound.targets[0].url == "http://a.example/health?k=s3cret")

        // b's machine answers elsewhere; a got no machine and is left out of every plan.
        let endpoints: [String: String?] = ["a": nil, "b": "http://10.0.0.5:8080/health"]
        let probing = try plan.probing(endpoints: endpoints)
        let latency = try #require(probing.steps.first as? LatencyPlan)
        #expect(latency.targets.map(\.name) == ["b"])
        #expect(latency.targets.map(\.url) == ["http://10.0.0.5:8080/health"])
        #expect(latency.targets.map(\.providerID) == [9])
        let heartbeat = try #require(probing.alongside.first as? LatencyPlan)
        #expect(heartbeat.targets.map(\.name) == ["b"])
    }

    @Test func noProvidersLeftMeansNoProbes() throws {
        let config = try ConfigLoader.parse(Self.text, source: "s.yaml")
        let plan = try RunPlan.make(config: config, environment: ["SONDE_KEY": "x"], duration: nil)
            .probing(endpoints: ["a": String?.none, "b": String?.none])
        #expect(plan.steps.isEmpty && plan.alongside.isEmpty)
    }

    @Test func theLoadPoolIsCheckedAgainstTheOpenFileLimitAtPlanning() throws {
        let config = try ConfigLoader.parse("""
            providers:
              - {name: a, kind: depin, endpoint: 'http://a.example/'}
            probes:
              load: {connections: 500}

            """, source: "s.yaml")
        #expect(throws: ConfigError.self) {
            _ = try RunPlan.make(config: config, environment: [:], duration: nil, openFileLimit: 256)
        }
        #expect(try RunPlan.make(config: config, environment: [:], duration: nil, openFileLimit: 1024).steps.map(\.kind) == [.load])
    }
}
