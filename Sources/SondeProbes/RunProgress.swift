import Synchronization
import SondeCore

/// Live counts per provider, shared between a probe's thread and whoever shows progress.
public final class RunProgress: Sendable {
    /// Counts for one provider.
    public struct Counts: Sendable, Equatable {
        public var name: String
        public var planned: Int
        public var attempts: Int = 0
        public var errors: Int = 0
    }

    private let counts: Mutex<[Counts]>

    public init(targets: [LatencyPlan.Target]) {
        counts = Mutex(targets.map { Counts(name: $0.name, planned: $0.samples) })
    }

    /// Counts for providers `names`, each planned to make `planned` attempts (0: open-ended).
    public init(names: [String], planned: Int) {
        counts = Mutex(names.map { Counts(name: $0, planned: planned) })
    }

    func recordAttempt(target: Int, failed: Bool) {
        counts.withLock {
            // Counts made for other providers (or none, in a bare `ProbeContext`) count nothing.
            guard $0.indices.contains(target) else { return }
            $0[target].attempts += 1
            if failed { $0[target].errors += 1 }
        }
    }

    /// The counts so far.
    public func snapshot() -> [Counts] { counts.withLock { $0 } }
}

/// A request to stop a run early (Ctrl-C, SIGTERM): no new attempts start; those in flight finish.
public final class StopSignal: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public func stop() { flag.store(true, ordering: .relaxed) }

    public var isStopped: Bool { flag.load(ordering: .relaxed) }
}
