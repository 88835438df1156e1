import Foundation
import SondeTestSupport

/// Rows of `sql` over the database at `db`, through the sqlite3 CLI.
func sqliteRows(_ db: URL, _ sql: String) throws -> [[String]] {
    try TestProcess.run("/usr/bin/sqlite3", [db.path, sql], standardError: .discarded).output.split(separator: "\n")
        .map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
}
