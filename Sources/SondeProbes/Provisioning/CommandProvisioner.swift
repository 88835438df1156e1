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
        for word in spec.create + spec.status + spec.destroy { _ = try SecretTemplate.resolve(word, environment: environment) }
    }

    public func create() async throws(ProvisionFailure) -> String {
        let output = try await run(spec.create, id: nil, step: "create", until: deadline, stoppable: true)
        return try read(spec.id, from: output, step: "create")
    }

    public func status(id: String) async throws(ProvisionFailure) -> ProvisionStatus {
        let output = try await run(spec.status, id: id, step: "status", until: deadline, stoppable: true)
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
        _ = try await run(spec.destroy, id: id, step: "destroy", until: .now + destroyTimeout, stoppable: false)
    }

    /// Runs one template with `{id}` and `${ENV}` filled in; returns standard output.
    private func run(_ template: [String], id: String?, step: String, until: ContinuousClock.Instant,
                     stoppable: Bool) async throws(ProvisionFailure) -> String {
        var argv: [String] = []
        var used: [String: String] = [:]
        for word in template {
            do {
                for name in try SecretTemplate.references(in: word) { used[name] = environment[name] }
                argv.append(try SecretTemplate.resolve(word, environment: environment)
                    .replacingOccurrences(of: "{id}", with: id ?? ""))
            } catch {
                throw ProvisionFailure(.failed, .other, "\(step): \(error.problem)")
            }
        }
        let scrubber = SecretScrubber(values: used)
        let arguments = argv
        let environment = self.environment
        let stop = self.stop
        let result = await Curl.onOwnThread(named: "sonde-provision-\(step)") {
            ChildProcess.run(arguments, environment: environment, deadline: until, isStopped: { stoppable && stop.isStopped })
        }
        let program = template[0]
        switch result.ending {
        case .exited(0):
            return result.stdout
        case let .exited(code):
            let line = result.stderr.split(whereSeparator: \.isNewline).first(where: { !$0.allSatisfy(\.isWhitespace) })
                .map(String.init) ?? "no error output"
            let detail = scrubber.scrub("\(step): \(program) exited with status \(code): \(line)")
            throw ProvisionFailure(ProvisionFailure.classify(result.stderr), .other, String(detail.prefix(300)))
        case .timedOut:
            throw ProvisionFailure(.timeout, .timeout, "\(step): \(program) still running at the deadline; killed")
        case .stopped:
            throw ProvisionFailure(.cancelled, .other, "\(step): interrupted")
        case let .unstartable(reason):
            throw ProvisionFailure(.failed, .other, "\(step): \(reason)")
        }
    }

    private func read(_ extraction: ValueExtraction, from output: String, step: String) throws(ProvisionFailure) -> String {
        let value: String
        do {
            value = try extraction.extract(from: output)
        } catch {
            let why: String
            switch error {
            case let .garbage(text), let .missing(text): why = text
            }
            throw ProvisionFailure(.failed, .protocol, "\(step): unreadable output (\(why))")
        }
        guard !value.isEmpty else { throw ProvisionFailure(.failed, .protocol, "\(step): empty value at \(extraction)") }
        return value
    }
}
