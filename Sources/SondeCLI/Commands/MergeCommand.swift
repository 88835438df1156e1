import ArgumentParser
import SondeCore
import SondeStore

/// `sonde merge OUT.db IN.db...`: combine databases from several vantage points. Idempotent:
/// merging the same input twice adds nothing. `OUT` may be a `postgresql://` URL (push agents'
/// files to the shared store); an input may be one (pull runs from it, filtered by
/// `--labels`/`--since`/`--from`/`--to`/`--vantage`), see docs/postgres.md.
struct MergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "merge", abstract: "Combine sonde databases (e.g. from several vantage points) into one.")

    @Argument(help: "The database to merge into (created when missing), or a postgresql:// URL.")
    var output: String

    @Argument(help: "The databases to merge from (SQLite files, or a postgresql:// URL to pull from).")
    var inputs: [String]

    @OptionGroup var filters: SelectionOptions

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("name at least one database to merge from") }
        guard !inputs.contains(output) else { throw ValidationError("\(output) cannot be merged into itself") }
        if filters.isFiltering && !inputs.contains(where: StoreLocation.isPostgres) {
            throw ValidationError("--labels, --since, --from, --to and --vantage select runs to pull from a postgresql:// input")
        }
    }

    func run() async throws {
        try await reportingErrors {
            for input in inputs where !StoreLocation.isPostgres(input) && !Files.exists(input) {
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
                let added: SampleStore.MergeCount
                if StoreLocation.isPostgres(input) {
                    let filter = RunFilter(labelPattern: filters.labels, startedFromNs: filters.fromNs(), startedBeforeNs: filters.toNs,
                                           vantages: filters.vantage)
                    added = try store.pull(from: try StoreOpener.open(input, create: false), filter: filter)
                } else {
                    added = try store.merge(from: input)
                }
                Terminal.status("\(input): \(added.runs) runs, \(added.samples) samples added to \(output)")
            }
        }
    }
}
