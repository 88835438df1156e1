import SondeCore
import Synchronization

/// Runs a plan's probes: the `alongside` ones (the heartbeat) from the start, concurrently, and
/// the steps one after another, each only when the one before it completed. It owns the live
/// progress line; the caller's `Display` decides where lines go (only the CLI writes).
public struct Runner: Sendable {
    /// Where the runner's lines go, and what it may ask of the store behind the sink.
    public struct Display: Sendable {
        /// Replaces the live progress line.
        public var progress: @Sendable (String) -> Void
        /// Ends the live progress line (before a status line or the next probe's line).
        public var endProgress: @Sendable () -> Void
        /// Prints one status line.
        public var status: @Sendable (String) -> Void
        /// Samples stored so far.
        public var stored: @Sendable () -> Int
        /// Whether the store failed (the run then stops).
        public var storeFailed: @Sendable () -> Bool

        public init(progress: @escaping @Sendable (String) -> Void, endProgress: @escaping @Sendable () -> Void,
                    status: @escaping @Sendable (String) -> Void, stored: @escaping @Sendable () -> Int,
                    storeFailed: @escaping @Sendable () -> Bool) {
            self.progress = progress
            self.endProgress = endProgress
            self.status = status
            self.stored = stored
            self.storeFailed = storeFailed
        }

        /// Shows nothing (tests).
        public static let silent = Display(progress: { _ in }, endProgress: {}, status: { _ in }, stored: { 0 },
                                           storeFailed: { false })
    }

    public var steps: [any Probe]
    public var alongside: [any Probe]
    /// The run's time limit, shown in the latency probe's progress line.
    public var duration: Duration?

    public init(steps: [any Probe], alongside: [any Probe] = [], duration: Duration? = nil) {
        self.steps = steps
        self.alongside = alongside
        self.duration = duration
    }

    /// The probes of `plan`, in its order.
    public init(plan: RunPlan) {
        self.init(steps: plan.steps.map(Self.probe), alongside: plan.alongside.map(Self.probe), duration: plan.duration)
    }

    /// The probe of a plan; every plan type in `RunPlan` conforms to `ProbeMaking` in its probe's file.
    static func probe(for plan: any ProbePlan) -> any Probe {
        guard let making = plan as? any ProbeMaking else {
            preconditionFailure("no probe for plans of kind \(plan.kind.rawValue): conform the plan to ProbeMaking")
        }
        return making.makeProbe()
    }

    /// Runs every probe with `context` (its `progress` is replaced by each probe's own) and
    /// returns `.interrupted` when any probe was stopped.
    public func run(_ context: ProbeContext, display: Display) async -> ProbeOutcome.Ending {
        // One reporter for the whole run, so a failing store stops the heartbeat too, even between
        // steps or when there are none; it shows the running step's counts.
        let shown = ShownStep()
        let reporter = Task { await report(shown, context: context, display: display) }
        let background = alongside.map { probe in
            // Not shown live: the steps own the progress line.
            Task {
                let probeContext = Self.context(context, for: probe)
                return await probe.run(probeContext)
            }
        }
        var ending = ProbeOutcome.Ending.complete
        for probe in steps {
            if context.stop.isStopped {
                ending = .interrupted
                break
            }
            let probeContext = Self.context(context, for: probe)
            shown.state.withLock { $0 = Shown(progress: probeContext.progress, limit: probe.kind == .latency ? duration : nil) }
            let outcome = await probe.run(probeContext)
            shown.state.withLock {
                $0 = nil
                display.endProgress()
            }
            outcome.summary.forEach(display.status)
            ending = outcome.ending
            guard ending == .complete else { break }
        }
        for task in background {
            let outcome = await task.value
            outcome.summary.forEach(display.status)
            if outcome.ending == .interrupted { ending = .interrupted }
        }
        reporter.cancel()
        _ = await reporter.result
        return ending
    }

    /// The step whose counts the progress line shows, and the time limit it shows.
    private struct Shown: Sendable {
        var progress: RunProgress
        var limit: Duration?
    }

    /// The step being shown, shared by the runner and its reporter.
    private final class ShownStep: Sendable {
        let state = Mutex<Shown?>(nil)
    }

    private static func context(_ base: ProbeContext, for probe: any Probe) -> ProbeContext {
        var context = base
        context.progress = probe.makeProgress()
        return context
    }

    /// One progress line a second until cancelled, for the step in `shown` (written under its
    /// lock, so no line follows the step's end); stops the run if the store fails.
    private func report(_ shown: ShownStep, context: ProbeContext, display: Display) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            if display.storeFailed() { context.stop.stop() }
            let elapsed = Int(context.timeBase.elapsed().seconds)
            shown.state.withLock { shown in
                guard let shown, !Task.isCancelled else { return }
                let total = shown.limit.map { "/\(Int($0.seconds))s" } ?? "s"
                let parts = shown.progress.snapshot().map { "\($0.name) \($0.attempts - $0.errors) ok \($0.errors) err" }
                display.progress("[\(elapsed)\(total)] " + parts.joined(separator: " · ") + " · \(display.stored()) stored")
            }
        }
    }
}
