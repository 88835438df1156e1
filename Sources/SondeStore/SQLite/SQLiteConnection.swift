import CSQLite
import Foundation

/// A minimal SQLite connection over the C API: prepared statements with direct binds, which the
/// measured insert rates favour (see docs/adr/0001-sqlite-c-api.md).
final class SQLiteConnection: StoreConnection {
    let path: String
    var dialect: SQLDialect { .sqlite }
    private(set) var handle: OpaquePointer?

    /// Opens (creating when `create` is set) the database at `path`, in WAL mode with a busy timeout.
    init(path: String, create: Bool = true, readOnly: Bool = false) throws(StoreError) {
        self.path = path
        var flags = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
        if create && !readOnly { flags |= SQLITE_OPEN_CREATE }
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            handle = nil
            throw Self.error(code: code, path: path, message: "cannot open database: \(message)", sql: nil)
        }
        sqlite3_busy_timeout(handle, 10_000)
        sqlite3_extended_result_codes(handle, 1)
        if !readOnly {
            // Switching a new file to WAL while another process does the same can answer
            // SQLITE_BUSY at once, without the busy handler (two agents creating one store; seen
            // in VantageReportTests): try again for up to the busy timeout.
            var attempts = 0
            while true {
                do {
                    try execute("PRAGMA journal_mode=WAL")
                    break
                } catch where error.transient && attempts < 200 {
                    attempts += 1
                    usleep(50_000)
                }
            }
            // NORMAL in WAL mode keeps every committed transaction across a process crash.
            try execute("PRAGMA synchronous=NORMAL")
        }
        try execute("PRAGMA foreign_keys=ON")
        // Fails with SQLITE_NOTADB on a file that is not a database.
        try execute("SELECT count(*) FROM sqlite_master")
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs one or more statements that return no rows.
    func execute(_ sql: String) throws(StoreError) {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        if code != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw Self.error(code: code, path: path, message: text, sql: sql)
        }
    }

    /// Prepares a statement for repeated use, behind the store seam.
    func prepare(_ sql: String) throws(StoreError) -> any StoreStatement {
        try statement(sql)
    }

    /// Prepares a statement for repeated use, as SQLite's own type (the sample writer's hot path
    /// binds through it without the seam's indirection).
    func statement(_ sql: String) throws(StoreError) -> SQLiteStatement {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw Self.error(code: code, path: path, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
        }
        return SQLiteStatement(statement: statement, connection: self, sql: sql)
    }

    /// Runs `body` in a transaction that takes the write lock at once, committing on success.
    func transaction<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Maps an SQLite result code to a store error of the right kind.
    static func error(code: Int32, path: String, message: String, sql: String?) -> StoreError {
        let kind: StoreError.Kind
        switch code & 0xff {
        case SQLITE_NOTADB, SQLITE_CORRUPT, SQLITE_MISMATCH, SQLITE_CONSTRAINT: kind = .badData
        default: kind = .io
        }
        let primary = code & 0xff
        return StoreError(kind: kind, path: path, message: message, sql: sql,
                          transient: primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    }
}

/// A prepared statement. Bind by 1-based index, step, read columns by 0-based index.
final class SQLiteStatement: StoreStatement {
    let statement: OpaquePointer
    unowned let connection: SQLiteConnection
    let sql: String

    init(statement: OpaquePointer, connection: SQLiteConnection, sql: String) {
        self.statement = statement
        self.connection = connection
        self.sql = sql
    }

    deinit { sqlite3_finalize(statement) }

    @inline(__always) func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(statement, index, value) } else { sqlite3_bind_null(statement, index) }
    }

    func bind(_ index: Int32, _ value: Double?) {
        if let value { sqlite3_bind_double(statement, index, value) } else { sqlite3_bind_null(statement, index) }
    }

    @inline(__always) func bind(_ index: Int32, _ value: String?) {
        guard let value else { sqlite3_bind_null(statement, index); return }
        // SQLITE_TRANSIENT: SQLite copies the text before this call returns.
        sqlite3_bind_text(statement, index, value, -1, unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self))
    }

    /// Steps once; returns whether a row is available.
    @discardableResult
    func step() throws(StoreError) -> Bool {
        let code = sqlite3_step(statement)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            throw SQLiteConnection.error(code: code, path: connection.path,
                                         message: String(cString: sqlite3_errmsg(connection.handle)), sql: sql)
        }
    }

    /// Resets the statement and clears its bindings for the next use.
    func reset() {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
    }

    func int64(_ column: Int32) -> Int64? {
        sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : sqlite3_column_int64(statement, column)
    }

    func double(_ column: Int32) -> Double? {
        sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : sqlite3_column_double(statement, column)
    }

    func string(_ column: Int32) -> String? {
        guard let text = sqlite3_column_text(statement, column) else { return nil }
        return String(cString: text)
    }
}
