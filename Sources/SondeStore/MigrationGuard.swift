import Foundation
import SondeCore

/// The mixed-versions policy of a store that several sonde versions write to (docs/postgres.md,
/// "Mixed versions"), the same on both dialects:
/// - an applied migration this sonde does not know is fine when additive (it reads and writes the
///   columns it knows) and refused when breaking (`schema_migrations.breaking = 1`): the agent
///   must be upgraded first;
/// - a breaking migration is not applied while an agent host that understands only older schemas
///   was active within `activeWindow` (`store_agents`, migration 12, written at every run's
///   start), unless the operator overrides (`SONDE_ALLOW_BREAKING_MIGRATION=1`).
/// An agent older than the window that comes back is refused by the first rule: safe either way.
struct MigrationGuard {
    /// One row of `schema_migrations`.
    struct Applied {
        var version: Int
        var name: String
        var breaking: Bool
    }

    /// One row of `store_agents`: the newest schema an agent host's sonde understood at its last run.
    struct Agent: Equatable {
        var host: String
        var sondeVersion: String
        var schemaVersion: Int
        var seenNs: Int64
    }

    /// How recently an agent must have started a run to hold a breaking migration back.
    static let activeWindow: Duration = .seconds(24 * 3600)

    /// The environment variable that lets an operator apply a breaking migration anyway.
    static let overrideVariable = "SONDE_ALLOW_BREAKING_MIGRATION"

    /// Refuses a database that holds a breaking migration this sonde does not know.
    static func checkApplied(_ applied: [Applied], context: MigrationContext, path: String) throws(StoreError) {
        let known = Set(context.migrations.map(\.version))
        let unknownBreaking = applied.filter { !known.contains($0.version) && $0.breaking }.sorted { $0.version < $1.version }
        guard !unknownBreaking.isEmpty else { return }
        let names = unknownBreaking.map { "\($0.version) (\($0.name))" }.joined(separator: ", ")
        throw StoreError(kind: .usage, path: path, message: """
            database migration \(names) is a breaking change that this sonde (\(context.sondeVersion), schema \(context.newest)) \
            does not understand: upgrade this agent to write to this database
            """)
    }

    /// Refuses to apply a breaking migration among `pending` while active agents on other hosts
    /// understand only older schemas; names them and the override.
    static func checkPending(_ pending: [Migrations.Migration], agents: [Agent], context: MigrationContext,
                             path: String) throws(StoreError) {
        guard let first = pending.filter({ context.breaking.contains($0.version) }).map(\.version).min(),
              !context.allowBreaking else { return }
        // This host's row is this (upgraded) sonde's own: it is the one applying the migration.
        let cutoff = context.nowNs - activeWindow.nanoseconds
        let older = agents.filter { $0.host != context.host && $0.schemaVersion < first && $0.seenNs >= cutoff }
            .sorted { $0.host < $1.host }
        guard !older.isEmpty else { return }
        let names = older.map { agent in
            let hours = Double(context.nowNs - agent.seenNs) / 3.6e12
            return "\(agent.host) (sonde \(agent.sondeVersion), schema \(agent.schemaVersion), last run \(String(format: "%.1f", hours)) h ago)"
        }.joined(separator: ", ")
        throw StoreError(kind: .usage, path: path, message: """
            migration \(first) is a breaking change and agents that understand only older schemas were active in the last \
            24 h: \(names); upgrade them first, or set \(overrideVariable)=1 to apply it anyway (they will then refuse this database)
            """)
    }
}

/// What a migrator applies and on whose behalf: the migrations this sonde knows, which of them
/// are breaking, and who is asking (tests pass their own).
struct MigrationContext {
    var migrations: [Migrations.Migration] = Migrations.all
    var breaking: Set<Int> = Migrations.breaking
    var host: String = ProcessInfo.processInfo.hostName
    var sondeVersion: String = SondeVersion.current
    var nowNs: Int64 = Int64(Date().timeIntervalSince1970 * 1e9)
    var allowBreaking = false

    /// The newest migration this sonde knows.
    var newest: Int { migrations.map(\.version).max() ?? 0 }
}
