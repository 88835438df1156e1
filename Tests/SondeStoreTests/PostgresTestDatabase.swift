import Foundation
import Testing
@testable import SondeStore

/// The throwaway PostgreSQL cluster that `make test` starts (scripts/pg-cluster.sh) and names in
/// `SONDE_TEST_PG` (with `PGPASSWORD`). Without it, PostgreSQL cases are left out with a loud
/// SKIPPED line; with `CI=true` they run anyway and fail, so CI can never pass without them.
enum PostgresTestDatabase {
    static let environment = ProcessInfo.processInfo.environment

    /// The test cluster's URL, when one was started.
    static var url: String? { environment["SONDE_TEST_PG"].flatMap { $0.isEmpty ? nil : $0 } }

    /// Whether PostgreSQL cases take part: a cluster is there, or CI demands them.
    static let enabled: Bool = {
        if url != nil { return true }
        if environment["CI"] == "true" { return true }
        FileHandle.standardError.write(Data("""
            ************************************************************************
            SKIPPED: PostgreSQL store tests (SONDE_TEST_PG is not set; `make test` starts a
                     throwaway cluster with scripts/pg-cluster.sh, or export its env yourself)
            ************************************************************************

            """.utf8))
        return false
    }()

    struct Missing: Error, CustomStringConvertible {
        var description: String { "CI=true but SONDE_TEST_PG is not set: start a cluster with scripts/pg-cluster.sh" }
    }

    /// The URL of a new, empty schema in the test database: each test gets its own tables, and
    /// tests never see each other's runs.
    static func freshURL() throws -> String {
        guard let url else { throw Missing() }
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let admin = try PostgresConnection(url: url)
        try admin.execute("CREATE SCHEMA \(schema)")
        return url + (url.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
    }
}
