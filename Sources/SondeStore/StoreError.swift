/// A storage failure. The description is one line; it names the database and, for SQL errors,
/// the statement, but never bound values (which could hold configuration text).
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure, which decides the exit code.
    public enum Kind: Sendable, Equatable {
        /// The database cannot be opened or written (permissions, full disk, read-only): EX_IOERR.
        case io
        /// The file is not a sonde database, or its contents are inconsistent: EX_DATAERR.
        case badData
        /// A run or provider asked for does not exist.
        case notFound
        /// The store location itself is wrong (a malformed URL, a password inside it): EX_USAGE.
        case usage
        /// The database server cannot be reached (refused, timed out, gone mid-run): EX_UNAVAILABLE (69).
        case unreachable
        /// The server refused the credentials or the role lacks a permission: EX_NOPERM (77).
        case refused
    }

    public var kind: Kind
    public var path: String
    public var message: String
    public var sql: String?
    /// The database was busy or locked by another process: worth retrying.
    public var transient: Bool

    public init(kind: Kind, path: String, message: String, sql: String? = nil, transient: Bool = false) {
        self.kind = kind
        self.path = path
        self.message = message
        self.sql = sql
        self.transient = transient
    }

    public var description: String {
        // One line: the statement's whitespace (newlines of multi-line SQL) folded to single spaces.
        if let sql { return "\(path): \(message) (in: \(sql.split(whereSeparator: \.isWhitespace).joined(separator: " ").prefix(80)))" }
        return "\(path): \(message)"
    }
}
