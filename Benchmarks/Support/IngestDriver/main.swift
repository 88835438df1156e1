// sonde-ingest: pushes synthetic samples through sonde's real SampleWriter, for the ingest race
// and the memory figure in Benchmarks/peers/. Prints one line of key=value pairs.
//
//   sonde-ingest write  --db PATH --rows N [--batch B]
//                                                    synchronous batches of B rows (default: all N in
//                                                    one), one transaction each, timed in wall-clock
//                                                    and process CPU time; PATH may be a postgresql:// URL
//   sonde-ingest record --db PATH --rows N [--window W]
//                                                    record() through the writer's own flush thread,
//                                                    as a run does, keeping at most W samples (default
//                                                    100,000) not yet committed; peak RSS
import Foundation
import Fixtures
import SondeCore
@_spi(Benchmarks) import SondeStore

#if canImport(Glibc)
import Glibc
#endif

struct Options {
    var mode = ""
    var db = ""
    var rows: Int64 = 0
    var window: Int64 = 100_000
    var batch: Int64 = 0

    init(_ arguments: [String]) {
        var rest = arguments.dropFirst()
        mode = rest.popFirst() ?? ""
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { Self.usage("\(flag) needs a value") }
            switch flag {
            case "--db": db = value
            case "--rows": rows = Int64(value.replacingOccurrences(of: "_", with: "")) ?? 0
            case "--window": window = Int64(value.replacingOccurrences(of: "_", with: "")) ?? 0
            case "--batch": batch = Int64(value.replacingOccurrences(of: "_", with: "")) ?? 0
            default: Self.usage("unknown option \(flag)")
            }
        }
        guard ["write", "record"].contains(mode), !db.isEmpty, rows > 0, window > 0 else { Self.usage("bad arguments") }
    }

    static func usage(_ problem: String) -> Never {
        FileHandle.standardError.write(Data("sonde-ingest: \(problem)\nusage: sonde-ingest write|record --db PATH --rows N [--window W] [--batch B]\n".utf8))
        exit(64)
    }
}

/// Peak resident set size of this process so far, in KiB (Linux reports ru_maxrss in KiB).
func peakRSSKiB() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss
}

/// CPU time of the whole process so far (all threads; the writer's flush thread only sleeps here).
func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func openRun(_ path: String) throws -> (SampleStore, SampleWriter) {
    let store = try SampleStore(path: path)
    for provider in SyntheticSamples.providers { _ = try store.providerID(for: provider) }
    let info = RunInfo(id: UUID().uuidString.lowercased(), startedNs: SyntheticSamples.epochNs, label: "ingest",
                       vantage: nil, host: nil, sondeVersion: SondeVersion.current, configHash: "0",
                       configText: "")
    let runRowID = try store.beginRun(info)
    return (store, try store.makeWriter(runRowID: runRowID))
}

let options = Options(CommandLine.arguments)
let clock = ContinuousClock()
do {
    let (_, writer) = try openRun(options.db)
    switch options.mode {
    case "write":
        // The rows exist before the clock starts, as the C loop computes its rows in registers.
        let samples = (0..<options.rows).map(SyntheticSamples.sample)
        let size = options.batch > 0 ? Int(options.batch) : samples.count
        let batches = stride(from: 0, to: samples.count, by: size).map { Array(samples[$0..<min($0 + size, samples.count)]) }
        let start = clock.now
        let cpuStart = processCPUSeconds()
        for batch in batches { try writer.writeNow(batch) }
        let seconds = (clock.now - start).seconds
        let cpuSeconds = processCPUSeconds() - cpuStart
        try writer.finish()
        let rows = Double(options.rows)
        print("rows=\(options.rows) seconds=\(String(format: "%.4f", seconds)) rows_per_s=\(Int(rows / seconds))",
              "cpu_seconds=\(String(format: "%.4f", cpuSeconds)) rows_per_cpu_s=\(Int(rows / cpuSeconds))")
    default:
        // A probe loop's samples arrive no faster than the disk takes them, or memory would grow
        // with the backlog whatever the writer did; so keep at most `window` samples uncommitted
        // (the writer commits every 250 ms whatever is queued).
        let start = clock.now
        var i: Int64 = 0
        while i < options.rows {
            let room = options.window - (i - Int64(writer.written))
            guard room > 0 else {
                Thread.sleep(forTimeInterval: 0.001)
                continue
            }
            let end = min(options.rows, i + room)
            while i < end {
                writer.record(SyntheticSamples.sample(i))
                i += 1
            }
        }
        let written = try writer.finish()
        let seconds = (clock.now - start).seconds
        print("rows=\(options.rows) written=\(written) seconds=\(String(format: "%.2f", seconds)) peak_rss_kib=\(peakRSSKiB())")
    }
} catch {
    FileHandle.standardError.write(Data("sonde-ingest: \(error)\n".utf8))
    exit(74)
}

