import ArgumentParser
import Foundation
import SondeCore
import SondeStore

/// `sonde import --format FORMAT FILE...`: each file another tool wrote becomes one complete run
/// of one provider, so sonde's statistics apply to results users already have (docs/import.md).
/// Each file is its own transaction; a malformed file stores nothing and makes the exit 65, the
/// other files still import; a file already imported for the provider is skipped.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Store results from hey, k6, vegeta, GuideLLM or vLLM's serving benchmark as sonde runs.")

    @Option(help: "The files' format: \(ImportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: String

    @Argument(help: "The result files; each becomes one run.")
    var files: [String]

    @Option(help: "The provider the results measured.")
    var provider: String

    @Option(help: "depin or centralized.")
    var kind: String

    @Option(help: "The provider's region.")
    var region = ""

    @Option(help: "A label to find the runs by.")
    var label: String?

    @Option(help: "Where the tool ran from.")
    var vantage: String?

    @Option(help: "The SQLite database to write.")
    var db = "sonde.db"

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one file to import") }
        guard ImportFormat(rawValue: format) != nil else {
            throw ValidationError("unknown --format \(format): use one of \(ImportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard ProviderKind(rawValue: kind) != nil else { throw ValidationError("--kind must be depin or centralized") }
        try Arguments.validateName(provider, option: "--provider")
        if !region.isEmpty { try Arguments.validateName(region, option: "--region") }
        try Arguments.validateName(label, option: "--label")
        try Arguments.validateName(vantage, option: "--vantage")
    }

    func run() async throws {
        try await reportingErrors {
            let format = ImportFormat(rawValue: format)!
            let kind = ProviderKind(rawValue: kind)!
            var inputs: [ImportFile] = []
            for path in files { inputs.append(try Self.read(path)) }
            let store = try StoreOpener.open(db, create: true)
            var failed: [ImportError] = []
            for file in inputs {
                let imported: ImportedRun
                do {
                    imported = try format.parse(file)
                } catch let failure as ImportError {
                    Terminal.error("\(failure.description); nothing of it was stored")
                    failed.append(failure)
                    continue
                }
                let target = Provider(name: provider, kind: kind, region: region,
                                      endpoint: imported.endpoint ?? "import:" + URL(fileURLWithPath: file.name).lastPathComponent)
                let hash = SHA256.hex(file.bytes)
                let text = imported.configText(fileName: file.name, contentSHA256: hash, provider: target)
                let info = RunInfo(id: UUID().uuidString.lowercased(), startedNs: imported.startedNs, label: label, vantage: vantage,
                                   host: ProcessInfo.processInfo.hostName, sondeVersion: SondeVersion.current,
                                   configHash: ConfigHash.fnv1a64(text), configText: text)
                switch try store.importRun(imported, info: info, provider: target, contentSHA256: hash, fileName: file.name) {
                case let .imported(runID, samples):
                    Terminal.status("\(file.name): run \(runID) complete, \(samples) \(imported.probe.rawValue) samples of \(provider) in \(db)")
                case let .duplicate(runID):
                    Terminal.status("\(file.name): already imported for \(provider) as run \(runID) (same content); skipped")
                }
            }
            if !failed.isEmpty {
                throw CLIError(.dataError, "\(failed.count) of \(inputs.count) files not imported")
            }
        }
    }

    /// The file's bytes and modification time; a missing or unreadable file is EX_NOINPUT.
    static func read(_ path: String) throws -> ImportFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = Files.exists(path) ? "cannot be read" : "does not exist"
            throw CLIError(.noInput, "\(path) \(reason)")
        }
        let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? Date()
        return ImportFile(name: path, bytes: [UInt8](data), modifiedNs: Int64((modified.timeIntervalSince1970 * 1e9).rounded()))
    }
}
