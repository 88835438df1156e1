import SondeCore
import SondeReport
import SondeStore

/// `sonde report --format samples`: every latency sample of a run, streamed from the store's
/// cursor through `SamplesCSVStream` to the output in chunks, so memory stays flat however
/// long the run (issue 17). No analysis runs: the format holds raw rows only.
enum SamplesExport {
    static func run(databasePath: String, selector: RunSelector, output: String?) throws {
        let store = try StoreOpener.open(databasePath, create: false)
        let record = try store.run(selector)
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
