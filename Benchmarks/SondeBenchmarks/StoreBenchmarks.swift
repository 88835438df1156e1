import Benchmark
import Fixtures
import Foundation
import SondeCore
@_spi(Benchmarks) import SondeStore

/// The temporary folder of benchmark `label`'s database in this process.
func databaseFolder(_ label: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("sonde-bench-\(label)-\(getpid())")
}

/// A new sonde database in a temporary folder with the synthetic providers and one run.
func makeRunDatabase(_ label: String) throws -> (store: SampleStore, writer: SampleWriter, run: RunRecord) {
    let folder = databaseFolder(label)
    try? FileManager.default.removeItem(at: folder)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let store = try SampleStore(path: folder.appendingPathComponent("bench.db").path)
    for provider in SyntheticSamples.providers { _ = try store.providerID(for: provider) }
    let info = RunInfo(id: UUID().uuidString.lowercased(), startedNs: SyntheticSamples.epochNs, label: label,
                       vantage: nil, host: nil, sondeVersion: SondeVersion.current, configHash: "0", configText: "")
    let rowID = try store.beginRun(info)
    return (store, try store.makeWriter(runRowID: rowID), try store.run(.id(info.id)))
}

func removeDatabase(_ label: String) {
    try? FileManager.default.removeItem(at: databaseFolder(label))
}

/// Rows written so far by the ingest benchmark, so each iteration appends new sequence numbers.
final class RowCounter: @unchecked Sendable {
    var next: Int64 = 0
}

func registerStoreBenchmarks() {
    // The write path of every run: one batch (one transaction) through SampleWriter's prepared
    // statement into a file database in WAL mode, appended to the rows of earlier iterations.
    Benchmark("Ingest-SampleWriter-10k-rows") { (benchmark, state: (SampleStore, SampleWriter, RowCounter)) in
        let (_, writer, counter) = state
        for _ in benchmark.scaledIterations {
            let first = counter.next
            let batch = (first..<(first + 10_000)).map(SyntheticSamples.sample)
            counter.next += 10_000
            benchmark.startMeasurement()
            do { try writer.writeNow(batch) } catch { benchmark.error("\(error)") }
            benchmark.stopMeasurement()
        }
    } setup: {
        let (store, writer, _) = try makeRunDatabase("ingest")
        return (store, writer, RowCounter())
    } teardown: {
        removeDatabase("ingest")
    }

    // What `sonde report` does first: read a run's 100k samples back, grouped by provider.
    Benchmark("Load-100k-samples") { (benchmark, state: (SampleStore, RunRecord)) in
        let (store, run) = state
        for _ in benchmark.scaledIterations {
            do { blackHole(try store.load(run)) } catch { benchmark.error("\(error)") }
        }
    } setup: {
        let (store, writer, run) = try makeRunDatabase("load")
        try writer.writeNow((0..<100_000).map(SyntheticSamples.sample))
        try writer.finish()
        return (store, run)
    } teardown: {
        removeDatabase("load")
    }
}
