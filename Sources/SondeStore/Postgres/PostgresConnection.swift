import CLibPQ
import Foundation

/// A PostgreSQL connection over libpq (docs/adr/0002-postgres-libpq.md). The password never
/// passes through sonde: libpq reads it from `PGPASSWORD` or `~/.pgpass` itself, and a URL
/// holding one is refused before this is opened (`StoreLocation`).
final class PostgresConnection: StoreConnection {
    let path: String
    var dialect: SQLDialect { .postgres }
    private(set) var handle: OpaquePointer?

    /// Connects to `url` (a `postgresql://` URL, validated by `StoreLocation`; the `PG*`
    /// environment variables fill what it leaves out).
    init(url: String) throws(StoreError) {
        // Redacted even here, though sonde refuses such URLs: a connection is never a way to print one.
        path = StoreLocation.redacted(url)
        var keys: [String?] = ["dbname", "fallback_application_name"]
        var values: [String?] = [url, "sonde"]
        // An unreachable host should fail in seconds, not at the kernel's TCP timeout.
        if !url.contains("connect_timeout"), ProcessInfo.processInfo.environment["PGCONNECT_TIMEOUT"] == nil {
            keys.append("connect_timeout")
            values.append("10")
        }
        // libpq waits for a reply without a timeout of its own: a peer that vanished without
        // closing the socket (a host gone, a dropped route) would hold the writer's thread, and
        // the end of the run with it, forever. Keepalives notice a silent peer within ~25 s and
        // tcp_user_timeout drops data unacknowledged for 30 s; a URL that sets them wins.
        for (key, value) in [("keepalives", "1"), ("keepalives_idle", "10"), ("keepalives_interval", "5"),
                             ("keepalives_count", "3"), ("tcp_user_timeout", "30000")] where !url.contains(key) {
            keys.append(key)
            values.append(value)
        }
        // Both arrays end with NULL, as libpq expects.
        handle = Self.withCStrings(keys + [nil]) { keyPointers in
            Self.withCStrings(values + [nil]) { valuePointers in
                PQconnectdbParams(keyPointers, valuePointers, 1)
            }
        }
        guard let handle, PQstatus(handle) == CONNECTION_OK else {
            let message = handle.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
            PQfinish(handle)
            self.handle = nil
            throw Self.connectError(url: path, message: message)
        }
        // NOTICEs (e.g. "already exists, skipping") are not sonde's to print.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
    }

    deinit { PQfinish(handle) }

    /// Whether the connection is still up; a restarted server leaves it bad.
    var isBroken: Bool { abandoned || (handle.map { PQstatus($0) != CONNECTION_OK } ?? true) }

    /// Set when an exchange was left in a state libpq cannot leave by itself (a COPY whose end
    /// never reached the server): the connection is treated as lost until `reconnect()`.
    private var abandoned = false

    /// Treats the connection as lost: the next use reconnects (`reconnect()` resets it). libpq
    /// can still say CONNECTION_OK for a socket whose writes failed, until a read sees the end.
    func abandon() { abandoned = true }

    /// Counts the sessions this connection has had: a reconnect starts a new one, without the
    /// old one's temporary tables (the writer's staging table is made again for it).
    private(set) var session = 0

    /// Reconnects with the same parameters after the server came back; throws while it is away.
    func reconnect() throws(StoreError) {
        session += 1
        abandoned = false
        PQreset(handle)
        guard !isBroken else {
            throw StoreError(kind: .unreachable, path: path, message: Self.firstLine(String(cString: PQerrorMessage(handle))),
                             transient: true)
        }
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
    }

    func execute(_ sql: String) throws(StoreError) {
        try retryingOutsideTransactions { () throws(StoreError) in
            let result = PQexec(handle, sql)
            defer { PQclear(result) }
            try check(result, sql: sql)
        }
    }

    /// Open transactions on this connection (`transaction` nests none, but counts to be safe).
    private var transactionDepth = 0

    /// Runs `body`; when it fails because the server went away (a restart) and no transaction is
    /// open, reconnects and runs it once more. A run's own bookkeeping (heartbeats, its status at
    /// the end) thus survives a server restart; inside a transaction the caller decides (the
    /// writer keeps its batch and replays it).
    func retryingOutsideTransactions<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        if transactionDepth == 0 && isBroken { try reconnect() }
        do {
            return try body()
        } catch {
            guard transactionDepth == 0, isBroken else { throw error }
            try reconnect()
            return try body()
        }
    }

    func prepare(_ sql: String) throws(StoreError) -> any StoreStatement {
        PostgresStatement(connection: self, sql: Self.numberedParameters(sql))
    }

    func transaction<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        // Not retried: a reconnect here would start the transaction in a new session, without
        // the temporary tables its caller prepared; the caller sees the failure and starts over.
        let begin = PQexec(handle, "BEGIN")
        defer { PQclear(begin) }
        try check(begin, sql: "BEGIN")
        transactionDepth += 1
        defer { transactionDepth -= 1 }
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            if !isBroken { try? execute("ROLLBACK") }
            throw error
        }
    }

    /// Throws the store error for a result that is not a success.
    func check(_ result: OpaquePointer?, sql: String?) throws(StoreError) {
        let status = result.map(PQresultStatus) ?? PGRES_FATAL_ERROR
        switch status {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_COPY_IN, PGRES_EMPTY_QUERY: return
        default: throw error(result, sql: sql)
        }
    }

    /// The store error a failed result stands for, by SQLSTATE class.
    func error(_ result: OpaquePointer?, sql: String?) -> StoreError {
        let state = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) } ?? ""
        let detail = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "M"))) }.map { String(cString: $0) }
        let message = detail ?? Self.firstLine(String(cString: PQerrorMessage(handle)))
        return Self.error(state: state, message: message, path: path, sql: sql, broken: isBroken)
    }

    static func error(state: String, message: String, path: String, sql: String?, broken: Bool) -> StoreError {
        if broken || state.hasPrefix("08") || state.hasPrefix("57P") {
            // The server went away (restart, network): the writer retries and reconnects.
            return StoreError(kind: .unreachable, path: path, message: message, sql: sql, transient: true)
        }
        // 3F000: no schema on the search path that the role may use (a search_path naming a
        // schema the role has no USAGE on): refused like a missing privilege.
        if state.hasPrefix("28") || state == "42501" || state == "3F000" {
            return StoreError(kind: .refused, path: path, message: message, sql: sql)
        }
        if state.hasPrefix("23") || state.hasPrefix("22") {
            return StoreError(kind: .badData, path: path, message: message, sql: sql)
        }
        // Serialization failures and deadlocks: worth another try.
        return StoreError(kind: .io, path: path, message: message, sql: sql, transient: state.hasPrefix("40"))
    }

    /// A failed connection's error: refused credentials or permissions (77), else unreachable (69).
    static func connectError(url: String, message: String) -> StoreError {
        let line = firstLine(message)
        let refused = ["password authentication failed", "no password supplied", "permission denied",
                       "pg_hba.conf", "authentication failed"]
        if refused.contains(where: { message.contains($0) }) {
            return StoreError(kind: .refused, path: url, message: line)
        }
        return StoreError(kind: .unreachable, path: url, message: line, transient: true)
    }

    /// libpq's messages span lines ("connection to server ... failed: FATAL: ..."): the last
    /// non-empty line says why, and `sonde` prints one line.
    static func firstLine(_ message: String) -> String {
        let lines = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return lines.joined(separator: ": ")
    }

    /// `?` placeholders as PostgreSQL's `$1, $2, ...`, skipping quoted text.
    static func numberedParameters(_ sql: String) -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count + 16)
        var number = 0
        var quote: Character?
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
                out.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                out.append(character)
            } else if character == "?" {
                number += 1
                out += "$\(number)"
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// Calls `body` with a C array of C strings that live for the call.
    static func withCStrings<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        var owned: [UnsafeMutablePointer<CChar>?] = strings.map { $0.map { strdup($0) } ?? nil }
        defer { for pointer in owned { free(pointer) } }
        return owned.withUnsafeMutableBufferPointer { buffer in
            body(buffer.map { $0.map { UnsafePointer($0) } })
        }
    }
}

/// A statement on a PostgreSQL connection: parameters are kept as text until the first `step`,
/// which sends them with the statement (`PQexecParams`) and fetches the whole result; later
/// steps walk its rows. Results are held whole so that another statement can run on the same
/// connection while this one is read (the store nests queries that way).
final class PostgresStatement: StoreStatement {
    private unowned let connection: PostgresConnection
    let sql: String
    private var parameters: [String?] = []
    private var result: OpaquePointer?
    private var row: Int32 = -1
    private var rows: Int32 = 0

    init(connection: PostgresConnection, sql: String) {
        self.connection = connection
        self.sql = sql
    }

    deinit { PQclear(result) }

    private func set(_ index: Int32, _ text: String?) {
        let slot = Int(index) - 1
        if parameters.count <= slot { parameters.append(contentsOf: repeatElement(nil, count: slot + 1 - parameters.count)) }
        parameters[slot] = text
    }

    func bind(_ index: Int32, _ value: Int64?) { set(index, value.map { String($0) }) }

    func bind(_ index: Int32, _ value: Double?) {
        // Round-trip exact: Swift's description is the shortest text that parses back to the same double.
        set(index, value.map { $0.isFinite ? "\($0)" : ($0.isNaN ? "NaN" : ($0 > 0 ? "Infinity" : "-Infinity")) })
    }

    func bind(_ index: Int32, _ value: String?) { set(index, value) }

    /// bytea in its hex text form (`\x0a1b...`), which the server parses for a bytea column.
    func bind(_ index: Int32, _ value: [UInt8]) {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8](repeating: 0, count: 2 + 2 * value.count)
        text[0] = UInt8(ascii: "\\")
        text[1] = UInt8(ascii: "x")
        for (i, byte) in value.enumerated() {
            text[2 + 2 * i] = digits[Int(byte >> 4)]
            text[3 + 2 * i] = digits[Int(byte & 0xf)]
        }
        set(index, String(decoding: text, as: UTF8.self))
    }

    @discardableResult
    func step() throws(StoreError) -> Bool {
        if result == nil {
            let executed = try connection.retryingOutsideTransactions { () throws(StoreError) -> OpaquePointer? in
                try executeOnce()
            }
            result = executed
            rows = PQresultStatus(executed) == PGRES_TUPLES_OK ? PQntuples(executed) : 0
            row = -1
        }
        row += 1
        return row < rows
    }

    /// Sends the statement with its parameters; the result on success.
    private func executeOnce() throws(StoreError) -> OpaquePointer? {
        let executed = PostgresConnection.withCStrings(parameters) { values in
            PQexecParams(connection.handle, sql, Int32(values.count), nil, values, nil, nil, 0)
        }
        do {
            try connection.check(executed, sql: sql)
        } catch {
            PQclear(executed)
            throw error
        }
        return executed
    }

    func reset() {
        PQclear(result)
        result = nil
        parameters.removeAll(keepingCapacity: true)
        row = -1
        rows = 0
    }

    private func text(_ column: Int32) -> UnsafeMutablePointer<CChar>? {
        guard let result, row >= 0, row < rows, PQgetisnull(result, row, column) == 0 else { return nil }
        return PQgetvalue(result, row, column)
    }

    func int64(_ column: Int32) -> Int64? {
        guard let value = text(column) else { return nil }
        // Aggregates of BIGINT (sum) arrive as NUMERIC text, possibly with a fraction.
        return strtoll(value, nil, 10)
    }

    func double(_ column: Int32) -> Double? {
        guard let value = text(column) else { return nil }
        return strtod(value, nil)
    }

    func string(_ column: Int32) -> String? {
        text(column).map { String(cString: $0) }
    }

    /// A bytea column arrives as hex text (`bytea_output = hex`, the default since 9.0).
    func blob(_ column: Int32) -> [UInt8] {
        guard let value = text(column) else { return [] }
        let count = strlen(value)
        guard count >= 2, value[0] == CChar(UInt8(ascii: "\\")), value[1] == CChar(UInt8(ascii: "x")) else {
            return Array(UnsafeRawBufferPointer(start: value, count: count))
        }
        func nibble(_ c: CChar) -> UInt8 {
            let u = UInt8(bitPattern: c)
            return u >= 97 ? u - 87 : (u >= 65 ? u - 55 : u - 48)
        }
        var bytes = [UInt8](repeating: 0, count: (count - 2) / 2)
        for i in 0..<bytes.count { bytes[i] = nibble(value[2 + 2 * i]) << 4 | nibble(value[3 + 2 * i]) }
        return bytes
    }
}
