import Foundation
import SondeCore
import SondeProbes
import SondeStore

extension RunSession {
    /// The spool policy of a run writing to PostgreSQL (docs/postgres.md, "Spool"): files under
    /// `SpoolPolicy.defaultDirectory`, a reconnect window of a minute unless
    /// `SONDE_PG_RECONNECT_WINDOW` says otherwise (a duration such as `2s`; the tests shorten it),
    /// and a status line when the writer starts spooling and when it has uploaded the spool.
    /// Nil for SQLite, which has no server to lose.
    static func spoolPolicy(databasePath: String, environment: [String: String]) throws -> SpoolPolicy? {
        guard StoreLocation.isPostgres(databasePath) else { return nil }
        var window = Duration.seconds(60)
        if let text = environment["SONDE_PG_RECONNECT_WINDOW"], !text.isEmpty {
            guard let parsed = Grammar.duration(text) else {
                throw CLIError(.usage, "SONDE_PG_RECONNECT_WINDOW: '\(text)' is not a duration (e.g. 30s, 2m)")
            }
            window = parsed
        }
        let shown = window
        return SpoolPolicy(directory: SpoolPolicy.defaultDirectory(environment: environment), reconnectWindow: window,
                           onEvent: { event in
            switch event {
            case let .spooling(path, reason):
                Terminal.status("sonde: the database server has been unreachable for \(shown) (\(reason)); probing goes on and samples are spooled to \(path) until it is back")
            case let .uploaded(path, samples):
                Terminal.status("sonde: the database server is back: uploaded \(samples) spooled samples from \(path) and removed it")
            case let .uploadFailed(path, reason):
                Terminal.status("sonde: uploading the spool \(path) failed (\(reason)); retrying with backoff")
            }
        })
    }

    /// After the writer could not reach the server at the end of the run: the spool keeps the run,
    /// so it records how the run ended there (the upload then sets it on the server), and the
    /// error says how to upload it.
    static func leaveSpool(_ spool: String, runID: String, outcome: ProbeOutcome.Ending, error: StoreError,
                           timeBase: TimeBase) -> CLIError {
        let status: RunStatus = outcome == .complete ? .complete : .interrupted
        do {
            try SampleStore(path: spool, create: false).finishRun(runID, status: status, finishedNs: timeBase.nowNs())
        } catch {
            return CLIError(.ioError, "the run's samples are in the spool \(spool), but its end could not be recorded there: \(error)")
        }
        return CLIError(.unavailable, error.description)
    }
}
