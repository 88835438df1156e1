import ArgumentParser
import SondeCore

/// `sonde merge OUT.db IN.db...`: combine databases from several vantage points. Idempotent:
/// merging the same input twice adds nothing.
struct MergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "merge", abstract: "Combine sonde databases (e.g. from several vantage points) into one.")

    @Argument(help: "The database to merge into (created when missing).")
    var output: String

    @Argument(help: "The databases to merge from.")
    var inputs: [String]

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("name at least one database to merge from") }
        guard !inputs.contains(output) else { throw ValidationError("\(output) cannot be merged into itself") }
    }

    func run() async throws {
        try await reportingErrors {
            for input in inputs where !Files.exists(input) {
                throw CLIError(.noInput, "database \(input) does not exist")
            }
            // Every input is checked before anything is merged: a bad name stops the merge whole (65).
            for input in inputs {
                for (column, value) in try StoreOpener.open(input, create: false).storedNames() {
                    if let problem = NameRules.problem(value) {
                        throw CLIError(.dataError, "database \(input): \(column) \(problem)")
                    }
                }
            }
            let store = try StoreOpener.open(output, create: true)
            for input in inputs {
                let added = try store.merge(from: input)
                Terminal.status("\(input): \(added.runs) runs, \(added.samples) samples added to \(output)")
            }
        }
    }
}
