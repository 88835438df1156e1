import Foundation

/// Where a store lives, from what `--db` says: an SQLite file (or `:memory:`), or a PostgreSQL
/// server named by a `postgresql://` (or `postgres://`) URL. Parsing checks the URL before
/// anything connects, and refuses one that carries a password: it would show in `ps`, shell
/// history and logs; the password belongs in `PGPASSWORD` or `~/.pgpass`, where libpq reads it.
public enum StoreLocation: Sendable, Equatable {
    /// An SQLite database file.
    case sqlite(path: String)
    /// A PostgreSQL database; the URL holds no password.
    case postgres(url: String)

    /// Whether `text` names a PostgreSQL server rather than a file.
    public static func isPostgres(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("postgresql://") || lowered.hasPrefix("postgres://")
    }

    /// The location `text` names. A PostgreSQL URL that does not parse, names a scheme other
    /// than `postgresql`/`postgres`, or holds a password is a `.usage` error whose message
    /// never repeats the password.
    public static func parse(_ text: String) throws(StoreError) -> StoreLocation {
        guard isPostgres(text) else { return .sqlite(path: text) }
        guard let components = URLComponents(string: text) else {
            throw StoreError(kind: .usage, path: redacted(text),
                             message: "not a valid PostgreSQL URL (expected postgresql://user@host:port/dbname?sslmode=...)")
        }
        if components.password != nil {
            let safe = redacted(text)
            throw StoreError(kind: .usage, path: safe,
                             message: "the URL holds a password, which would show in process lists and logs: drop it from the URL (\(safe)) and set PGPASSWORD or use ~/.pgpass")
        }
        if let port = components.port, !(1...65535).contains(port) {
            throw StoreError(kind: .usage, path: text, message: "port \(port) is out of range")
        }
        // URLComponents accepts a port that is not a number as part of the host: reject it.
        if let host = components.host, host.contains(":"), !host.hasPrefix("[") {
            throw StoreError(kind: .usage, path: text, message: "the port is not a number")
        }
        let allowed: Set<String> = ["sslmode", "sslrootcert", "sslcert", "sslkey", "sslcrl", "connect_timeout",
                                    "application_name", "options", "target_session_attrs", "keepalives", "keepalives_idle",
                                    "keepalives_interval", "keepalives_count", "gssencmode", "channel_binding", "host", "port",
                                    "user", "dbname", "passfile", "sslpassword", "sslsni", "sslcompression"]
        for item in components.queryItems ?? [] {
            if item.name == "password" || item.name == "sslpassword" {
                throw StoreError(kind: .usage, path: redacted(text).components(separatedBy: "?")[0],
                                 message: "the URL holds a password: drop it and set PGPASSWORD or use ~/.pgpass")
            }
            guard allowed.contains(item.name) else {
                throw StoreError(kind: .usage, path: text, message: "unknown connection parameter '\(item.name)'")
            }
        }
        return .postgres(url: text)
    }

    /// `text` with any password replaced by `***`, for messages.
    public static func redacted(_ text: String) -> String {
        // By hand rather than through URLComponents: the text may not parse at all.
        guard let scheme = text.range(of: "://") else { return text }
        let rest = text[scheme.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return text }
        let userInfo = authority[..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }

    /// What messages call it.
    public var display: String {
        switch self {
        case let .sqlite(path): return path
        case let .postgres(url): return url
        }
    }
}
