import Foundation
import SondeCore
import SondeStore

/// The database side of provisioning for the commands: saves every state of every attempt at
/// once (serialised: attempts of several providers run concurrently), and says loudly when a
/// machine leaked. A failed save is remembered and reported at the end instead of stopping a
/// teardown halfway.
final class ProvisionLog: @unchecked Sendable {
    // @unchecked: every access to the store goes through `lock`.
    private let lock = NSLock()
    private let store: SampleStore
    private let runRowID: Int64
    private let providerIDs: [String: Int64]
    private let adapters: [String: String]
    private var failure: Error?

    init(store: SampleStore, runRowID: Int64, providerIDs: [String: Int64], adapters: [String: String]) {
        self.store = store
        self.runRowID = runRowID
        self.providerIDs = providerIDs
        self.adapters = adapters
    }

    func save(_ record: ProvisionRecord) {
        lock.lock()
        defer { lock.unlock() }
        do {
            try store.saveProvision(record, runRowID: runRowID, providerID: providerIDs[record.provider] ?? 0,
                                    adapter: adapters[record.provider] ?? "command")
        } catch {
            if failure == nil {
                failure = error
                Terminal.error("cannot record provisioning of \(record.provider): \(error)")
            }
        }
        if record.leaked || record.possiblyLeaked { Self.warnLeaked(record) }
    }

    func markAlive(nowNs: Int64) {
        lock.lock()
        defer { lock.unlock() }
        try? store.markAlive(runRowID: runRowID, nowNs: nowNs)
    }

    /// The first save that failed, if any.
    var saveFailure: Error? {
        lock.lock()
        defer { lock.unlock() }
        return failure
    }

    static func warnLeaked(_ record: ProvisionRecord) {
        guard record.leaked else {
            Terminal.error("""
                POSSIBLY LEAKED MACHINE (possibly_leaked): \(record.provider) attempt \(record.attempt) identity \
                \(record.attemptKey ?? "?"): \(record.detail ?? "no detail"). Look for a machine carrying that identity, \
                or give the adapter a find command, then: sonde provision cleanup --db DB
                """)
            return
        }
        Terminal.error("""
            LEAKED MACHINE: \(record.provider) attempt \(record.attempt) id \(record.providerResourceID ?? "?") could not be \
            destroyed and may still be running (and billing): \(record.detail ?? "no detail"). \
            Retry with: sonde provision cleanup --db DB
            """)
    }
}
