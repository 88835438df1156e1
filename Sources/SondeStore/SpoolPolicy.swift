import Foundation

/// How a PostgreSQL agent outlives a server that is away for longer than a restart: after
/// `reconnectWindow` of failed commits the writer stops holding batches in memory and writes them
/// to a local SQLite file (the spool), keeps trying to reconnect with backoff, and uploads the spool
/// when the server is back, replaying by primary key (docs/postgres.md, "Spool").
public struct SpoolPolicy: Sendable {
    /// Where spool files go; created when missing.
    public var directory: String
    /// How long failed commits are retried from memory before the writer spools.
    public var reconnectWindow: Duration
    /// The first wait between reconnection attempts while spooling; doubles up to `maxBackoff`.
    public var firstBackoff: Duration
    /// The longest wait between reconnection attempts.
    public var maxBackoff: Duration
    /// Told when the writer starts spooling, uploads a spool, or ends with one left (the CLI
    /// prints these; the store prints nothing).
    public var onEvent: @Sendable (SpoolEvent) -> Void

    public init(directory: String, reconnectWindow: Duration = .seconds(60), firstBackoff: Duration = .milliseconds(500),
                maxBackoff: Duration = .seconds(30), onEvent: @escaping @Sendable (SpoolEvent) -> Void = { _ in }) {
        self.directory = directory
        self.reconnectWindow = reconnectWindow
        self.firstBackoff = firstBackoff
        self.maxBackoff = maxBackoff
        self.onEvent = onEvent
    }

    /// The spool directory sonde uses unless told otherwise: `$SONDE_SPOOL_DIR`, else
    /// `$XDG_STATE_HOME/sonde/spool`, else `~/.local/state/sonde/spool`, else the working directory.
    public static func defaultDirectory(environment: [String: String]) -> String {
        if let dir = environment["SONDE_SPOOL_DIR"], !dir.isEmpty { return dir }
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty { return state + "/sonde/spool" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.local/state/sonde/spool" }
        return FileManager.default.currentDirectoryPath
    }

    /// The spool file of run `runID` in `directory`: the run's uuid in its name, so that two agents
    /// (or two runs of one `sonde schedule`) never share one.
    public static func file(directory: String, runID: String) -> String {
        directory + "/sonde-spool-" + runID + ".db"
    }
}

/// What the spooling writer reports as it goes.
public enum SpoolEvent: Sendable, Equatable {
    /// The server has been unreachable for the whole reconnect window: batches now go to `path`.
    case spooling(path: String, reason: String)
    /// The server is back and the spool at `path` was uploaded (`samples` rows sent, replayed by
    /// key) and removed.
    case uploaded(path: String, samples: Int)
    /// An upload attempt failed; the spool at `path` stays and is tried again later.
    case uploadFailed(path: String, reason: String)
}
