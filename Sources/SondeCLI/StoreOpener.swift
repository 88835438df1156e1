import Foundation
import SondeCore
import SondeStore

/// Opens databases for every command the same way: I/O failures become EX_IOERR with the path,
/// and runs orphaned by a dead process are marked `interrupted` (and said so on stderr). `path`
/// is what `--db` says: an SQLite file, or a `postgresql://` URL (docs/postgres.md), whose
/// errors exit 64 (malformed, or a password inside it), 69 (unreachable) or 77 (refused).
enum StoreOpener {
    static func open(_ path: String, create: Bool) throws -> SampleStore {
        if !StoreLocation.isPostgres(path) && !create && !Files.exists(path) {
            throw CLIError(.noInput, "database \(path) does not exist")
        }
        let store: SampleStore
        do {
            // The operator's override for a breaking migration while older agents are active (docs/postgres.md).
            let allowBreaking = ProcessInfo.processInfo.environment["SONDE_ALLOW_BREAKING_MIGRATION"] == "1"
            store = try SampleStore(path: path, create: create, allowBreakingMigrations: allowBreaking)
        } catch {
            guard error.kind == .io else { throw error }
            throw CLIError(.ioError, "cannot use database \(path): \(error.message)")
        }
        // A read-only database cannot be mended; reading it is still fine.
        if let orphans = try? store.markOrphanedRuns() {
            for orphan in orphans {
                Terminal.status("sonde: run \(orphan.runID) was left running by a process that is gone; marked interrupted (resume with: sonde run --resume \(orphan.runID))")
            }
        }
        return store
    }
}

/// A sink that appends every recorded sample's provider and sequence to a file before passing
/// it on, one `write(2)` per sample, so the log survives a `kill -9`. The crash test compares it
/// with what the database committed.
final class SendLogSink: SampleSink, @unchecked Sendable {
    // @unchecked: the descriptor is written with O_APPEND by single writes, safe from any thread.
    private let next: any SampleSink
    private let descriptor: Int32

    init(path: String, next: any SampleSink) throws {
        descriptor = Foundation.open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard descriptor >= 0 else { throw CLIError(.ioError, "cannot write send log \(path)") }
        self.next = next
    }

    deinit { close(descriptor) }

    func record(_ sample: Sample) {
        let line = "\(sample.providerID) \(sample.probe.rawValue) \(sample.sequence)\n"
        _ = line.withCString { Foundation.write(descriptor, $0, strlen($0)) }
        next.record(sample)
    }
}
