import SondeCore

/// Which SQL a connection speaks. The store's queries are written once in the subset both
/// understand; the few places that differ (pattern matching, upserts on replay, DDL) ask this.
public enum SQLDialect: Sendable, Equatable {
    /// The embedded default: a file (or `:memory:`) through the SQLite C API.
    case sqlite
    /// The shared store: a PostgreSQL server through libpq.
    case postgres

    /// A condition matching `column` against a glob pattern (`*`, `?`, `[...]`) bound as the
    /// next parameter; bind `globPattern(_:)` of the pattern.
    func glob(_ column: String) -> String {
        self == .sqlite ? "\(column) GLOB ?" : "\(column) ~ ?"
    }

    /// The value to bind for `glob(_:)`: SQLite takes the glob as is; PostgreSQL gets the
    /// anchored regular expression that matches the same strings.
    func globPattern(_ pattern: String) -> String {
        guard self == .postgres else { return pattern }
        var regex = "^"
        var inClass = false
        for character in pattern {
            if inClass {
                if character == "]" { inClass = false }
                regex.append(character == "\\" ? "\\\\" : String(character))
                continue
            }
            switch character {
            case "*": regex += ".*"
            case "?": regex += "."
            case "[": inClass = true; regex += "["
            case ".", "+", "(", ")", "{", "}", "|", "^", "$", "\\": regex += "\\" + String(character)
            default: regex.append(character)
            }
        }
        return regex + "$"
    }

    /// Appended to an INSERT of rows keyed by (run, provider, ...): PostgreSQL writers may
    /// replay a batch whose commit they could not confirm (a lost connection), so a row already
    /// there is skipped; SQLite keeps failing loudly on a duplicate.
    var onReplay: String { self == .postgres ? " ON CONFLICT DO NOTHING" : "" }
}

/// One database connection as the store's queries use it: prepared statements with positional
/// `?` parameters, rows read by column index, and transactions. SQLite and PostgreSQL each
/// implement it; nothing above this seam knows which one it talks to.
protocol StoreConnection: AnyObject {
    /// What errors name: the file path, or the PostgreSQL URL (which never holds a password).
    var path: String { get }
    /// The SQL this connection speaks.
    var dialect: SQLDialect { get }
    /// Runs one or more statements that return no rows.
    func execute(_ sql: String) throws(StoreError)
    /// Prepares a statement for repeated use.
    func prepare(_ sql: String) throws(StoreError) -> any StoreStatement
    /// Runs `body` in a transaction (holding the write lock where the database has one),
    /// committing on success and rolling back on error.
    func transaction<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T
}

/// A prepared statement. Bind by 1-based index, step, read columns by 0-based index; `reset`
/// before binding the next set of values.
protocol StoreStatement: AnyObject {
    func bind(_ index: Int32, _ value: Int64?)
    func bind(_ index: Int32, _ value: Double?)
    func bind(_ index: Int32, _ value: String?)
    /// Binds bytes as a BLOB (SQLite) or bytea (PostgreSQL).
    func bind(_ index: Int32, _ value: [UInt8])
    /// Steps once; returns whether a row is available.
    @discardableResult func step() throws(StoreError) -> Bool
    /// Resets the statement and clears its bindings for the next use.
    func reset()
    func int64(_ column: Int32) -> Int64?
    func double(_ column: Int32) -> Double?
    func string(_ column: Int32) -> String?
    /// The column's bytes; empty for NULL.
    func blob(_ column: Int32) -> [UInt8]
}

extension StoreStatement {
    /// Binds a probe kind's name.
    func bind(_ index: Int32, _ probe: ProbeKind) { bind(index, probe.rawValue) }

    /// Binds an error class's name, NULL for none.
    func bind(_ index: Int32, _ error: ErrorClass?) { bind(index, error?.rawValue) }
}
