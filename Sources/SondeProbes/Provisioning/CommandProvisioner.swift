import Foundation
import SondeCore

/// The `command` adapter (and the aws-ec2 preset, which is a `CommandSpec`): runs the provider's
/// CLI for create, status and destroy without a shell, reads its JSON or text output, and turns
/// what goes wrong into outcomes: a non-zero exit is `failed` (or capacity/quota when the tool
/// says so), unreadable output is `protocol`, a hung tool is killed at the deadline (`timeout`).
public struct CommandProvisioner: Provisioner {
    public let spec: CommandSpec
    /// Where `${ENV}` references are resolved from and what the tools inherit (credentials, PATH).
    public let environment: [String: String]
    /// When create and status must have finished (monotonic); set per attempt.
    public var deadline: ContinuousClock.Instant
    /// How long one destroy may take.
    public var destroyTimeout: Duration
    public let stop: StopSignal

    public init(spec: CommandSpec, environment: [String: String], deadline: ContinuousClock.Instant,
                destroyTimeout: Duration, stop: StopSignal) {
        self.spec = spec
        self.environment = environment
        self.deadline = deadline
        self.destroyTimeout = destroyTimeout
        self.stop = stop
    }

    /// Every `${ENV}` in the templates resolves: checked before anything is created.
    public static func validate(_ spec: CommandSpec, environment: [String: String]) throws(SecretTemplate.Problem) {
        for word in spec.create + spec.status + spec.destroy + (spec.find ?? []) {
            _ = try SecretTemplate.resolve(word, environment: environment)
        }
    }

    var tools: ToolRunner { ToolRunner(environment: environment, stop: stop) }

    public func newAttemptKey() -> String { UUID().uuidString.lowercased() }

    public func create(attempt: String) async throws(ProvisionFailure) -> String {
        // A stop lets create answer (up to the destroy timeout): killing it mid-request is how machines leaked.
        let output = try await tools.run(spec.create, ["attempt": attempt], step: "create", until: deadline,
                                         stoppable: .afterGrace(destroyTimeout))
        do {
            return try read(spec.id, from: output, step: "create")
        } catch {
            throw error.madeUncertain()
        }
    }

    public func find(attempt: String) async throws(ProvisionFailure) -> [String]? {
        guard let find = spec.find else { return nil }
        let output = try await tools.run(find, ["attempt": attempt], step: "find", until: .now + destroyTimeout, stoppable: .never)
        // Text output of several ids (aws --output text puts them on one line, tab-separated).
        return output.split(whereSeparator: { $0.isWhitespace }).map(String.init).filter { $0 != "None" }
    }

    public func status(id: String) async throws(ProvisionFailure) -> ProvisionStatus {
        let output = try await tools.run(spec.status, ["id": id], step: "status", until: deadline, stoppable: .now)
        let state = try read(spec.state, from: output, step: "status")
        if spec.failedStates.contains(state) {
            throw ProvisionFailure(.failed, .other, "status: machine is \(state)")
        }
        guard spec.runningStates.contains(state) else { return .pending }
        // An endpoint the provider has not assigned yet is not an error: the health URL may not need it.
        let endpoint = spec.endpoint.flatMap { try? $0.extract(from: output) }
        return .running(endpoint: endpoint)
    }

    public func destroy(id: String) async throws(ProvisionFailure) {
        // Teardown runs even after a stop signal: it is what the signal handler waits for.
        _ = try await tools.run(spec.destroy, ["id": id], step: "destroy", until: .now + destroyTimeout, stoppable: .never)
    }

    private func read(_ extraction: ValueExtraction, from output: String, step: String) throws(ProvisionFailure) -> String {
        try ToolRunner.read(extraction, from: output, step: step)
    }
}
