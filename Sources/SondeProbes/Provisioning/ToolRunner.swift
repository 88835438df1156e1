import Foundation
import SondeCore
import Synchronization

/// Runs provider tools for the command-driven adapters: argv templates without a shell,
/// `${ENV}` from the environment (scrubbed from what the tool prints), a deadline that kills the
/// tool's process group, and the mapping of exits to outcomes: a non-zero exit is `failed` (or
/// capacity/quota when the tool's error says so), a hung tool `timeout`, a stop `cancelled`.
struct ToolRunner: Sendable {
    let environment: [String: String]
    let stop: StopSignal

    /// What the stop signal does to a running tool.
    enum Stoppable: Sendable {
        /// Kill it at once: a query, whose answer no longer matters.
        case now
        /// Let it answer, up to this long after the stop: a create, whose machine exists once the
        /// provider acted on the request, and whose answer carries the id that destroys it.
        case afterGrace(Duration)
        /// Never: a destroy, which is what the stop waits for.
        case never
    }

    /// Runs one template with `{name}` placeholders from `values` and `${ENV}` filled in;
    /// returns standard output.
    func run(_ template: [String], _ values: [String: String], step: String, until: ContinuousClock.Instant,
             stoppable: Stoppable) async throws(ProvisionFailure) -> String {
        var argv: [String] = []
        var used: [String: String] = [:]
        for word in template {
            do {
                for name in try SecretTemplate.references(in: word) { used[name] = environment[name] }
                argv.append(values.reduce(try SecretTemplate.resolve(word, environment: environment)) {
                    $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value)
                })
            } catch {
                throw ProvisionFailure(.failed, .other, "\(step): \(error.problem)")
            }
        }
        let scrubber = SecretScrubber(values: used)
        let arguments = argv
        let environment = self.environment
        let stop = self.stop
        let stopSeen = Mutex<ContinuousClock.Instant?>(nil)
        let isStopped: @Sendable () -> Bool = {
            guard stop.isStopped else { return false }
            switch stoppable {
            case .now: return true
            case .never: return false
            case let .afterGrace(grace):
                let seen = stopSeen.withLock { seen in
                    if seen == nil { seen = .now }
                    return seen!
                }
                return ContinuousClock.now - seen >= grace
            }
        }
        let result = await Curl.onOwnThread(named: "sonde-provision-\(step)") {
            ChildProcess.run(arguments, environment: environment, deadline: until, isStopped: isStopped)
        }
        let program = template[0]
        switch result.ending {
        case .exited(0):
            return result.stdout
        case let .exited(code):
            let line = result.stderr.split(whereSeparator: \.isNewline).first(where: { !$0.allSatisfy(\.isWhitespace) })
                .map(String.init) ?? "no error output"
            let detail = scrubber.scrub("\(step): \(program) exited with status \(code): \(line)")
            // Death by a signal (128+n) leaves unknown how far the tool got.
            throw ProvisionFailure(ProvisionFailure.classify(result.stderr), .other, String(detail.prefix(300)), uncertain: code > 128)
        case .timedOut:
            throw ProvisionFailure(.timeout, .timeout, "\(step): \(program) still running at the deadline; killed", uncertain: true)
        case .stopped:
            throw ProvisionFailure(.cancelled, .other, "\(step): interrupted", uncertain: true)
        case let .unstartable(reason):
            throw ProvisionFailure(.failed, .other, "\(step): \(reason)")
        }
    }

}

extension ToolRunner {
    /// The value `extraction` reads from a tool's output; unreadable output is a `protocol` failure.
    static func read(_ extraction: ValueExtraction, from output: String, step: String) throws(ProvisionFailure) -> String {
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

extension ProvisionFailure {
    /// The same failure, marked as one after which the provider may have acted (unreadable create output).
    func madeUncertain() -> ProvisionFailure {
        var failure = self
        failure.uncertain = true
        return failure
    }
}
