import SondeCore
import SondeReport
import SondeStore

/// `sonde report --format samples`: every latency sample of a run, streamed from the store's
/// cursor through `SamplesCSVStream` to the output in chunks, so memory stays flat however
/// long the run (issue 17). No analysis runs: the format holds raw rows only.
enum SamplesExport {
    static func run(databasePath: String, selection: RunSelection, output: String?) throws {
        let store = try StoreOpener.open(databasePath, create: false)
        // The newest run the selection picks (`report` picks one: --run, --label or --last).
        guard let record = try store.runs(selection).first else {
            throw CLIError(.noInput, "no run matches")
        }
        let destination = try StreamedOutput(path: output)
        let stream = SamplesCSVStream(runID: record.info.id)
        for (id, provider) in try store.sampleProviders(of: record, probe: .latency) {
            stream.begin(provider: provider, probe: .latency)
            let cursor = try store.sampleCursor(of: record, providerID: id, probe: .latency)
            while let sample = try cursor.next() {
                stream.append(sample)
                if stream.isFull { try stream.drain(destination.write) }
            }
        }
        try stream.drain(destination.write)
        try destination.finish()
    }
}
