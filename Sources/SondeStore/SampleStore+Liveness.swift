import Foundation
import SondeCore

extension SampleStore {
    /// A run left `running` by a process that no longer exists.
    public struct Orphan: Sendable, Equatable {
        public var runID: String
        public var lastHeartbeatNs: Int64?
    }

    /// Marks as `interrupted` every run still `running` whose process is gone: on this host, its
    /// pid no longer exists; on any host, it has written no heartbeat for `staleAfter`. Returns
    /// what it marked. Called by every command that opens a database, so a `kill -9` leaves at
    /// most one command's worth of confusion.
    @discardableResult
    public func markOrphanedRuns(host: String = ProcessInfo.processInfo.hostName, nowNs: Int64 = Int64(Date().timeIntervalSince1970 * 1e9),
                                 staleAfter: Duration = .seconds(600),
                                 isAlive: (Int32) -> Bool = SampleStore.processExists) throws(StoreError) -> [Orphan] {
        let select = try db.prepare("SELECT id, uuid, host, pid, heartbeat_ns, started_at_ns FROM runs WHERE status = 'running'")
        var orphans: [(Int64, Orphan)] = []
        while try select.step() {
            let heartbeat = select.int64(4) ?? select.int64(5)
            let sameHost = select.string(2) == host
            let pid = select.int64(3).map { Int32(truncatingIfNeeded: $0) }
            let dead = sameHost && pid.map { !isAlive($0) } == true
            let stale = (heartbeat ?? 0) < nowNs - staleAfter.nanoseconds
            guard dead || stale, pid != getpid() || !sameHost else { continue }
            orphans.append((select.int64(0) ?? 0, Orphan(runID: select.string(1) ?? "", lastHeartbeatNs: heartbeat)))
        }
        guard !orphans.isEmpty else { return [] }
        let update = try db.prepare("UPDATE runs SET status = 'interrupted', finished_at_ns = coalesce(heartbeat_ns, started_at_ns) WHERE id = ? AND status = 'running'")
        for (rowID, _) in orphans {
            update.bind(1, rowID)
            defer { update.reset() }
            try update.step()
        }
        return orphans.map(\.1)
    }

    /// Whether a process with this id exists (signal 0 checks without sending anything).
    public static func processExists(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    /// The local row id of a stored run.
    public func rowID(of run: RunRecord) throws(StoreError) -> Int64 {
        let statement = try db.prepare("SELECT id FROM runs WHERE uuid = ?")
        statement.bind(1, run.info.id)
        guard try statement.step(), let id = statement.int64(0) else {
            throw StoreError(kind: .notFound, path: path, message: "no run with id '\(run.info.id)'")
        }
        return id
    }

    /// Per provider id: how many samples of `probe` the run has and the highest sequence, so a
    /// resumed run continues where it stopped.
    public func progress(of run: RunRecord, probe: ProbeKind) throws(StoreError) -> [Int64: (count: Int, lastSequence: Int64)] {
        let statement = try db.prepare("""
            SELECT s.provider_id, count(*), max(s.sequence) FROM samples s JOIN runs r ON r.id = s.run_id
            WHERE r.uuid = ? AND s.probe = ? GROUP BY s.provider_id
            """)
        statement.bind(1, run.info.id)
        statement.bind(2, probe.rawValue)
        var result: [Int64: (count: Int, lastSequence: Int64)] = [:]
        while try statement.step() {
            result[statement.int64(0) ?? 0] = (Int(statement.int64(1) ?? 0), statement.int64(2) ?? -1)
        }
        return result
    }

    /// Sets an interrupted run back to `running` under this process, for `sonde run --resume`.
    public func reopenRun(_ run: RunRecord) throws(StoreError) {
        let statement = try db.prepare("""
            UPDATE runs SET status = 'running', finished_at_ns = NULL, pid = ?, heartbeat_ns = ? WHERE uuid = ?
            """)
        statement.bind(1, Int64(getpid()))
        statement.bind(2, Int64(Date().timeIntervalSince1970 * 1e9))
        statement.bind(3, run.info.id)
        try statement.step()
    }
}
