import Foundation
import ServiceLifecycle
import SondeCore
import SondeProbes
import SondeStore

/// `sonde schedule`'s service: starts a run at every fire time of its schedule (plus jitter),
/// one at a time. A run that outlasts the interval makes the starts it covered skipped (logged
/// and counted), never queued, so runs cannot overlap. On graceful shutdown (SIGTERM/SIGINT) a
/// waiting service returns at once and a running one stops its probes, lets attempts in flight
/// finish, and marks the run `interrupted` (or `complete` when it had just finished) before
/// returning.
struct ScheduleService: Service {
    var session: RunSession
    var fires: FireSchedule
    var labels: LabelTemplate?
    var jitter: StartJitter?
    var maxRuns: Int?
    var metrics: (any MetricsSink)?
    /// Wall-clock now, nanoseconds since the epoch.
    var now: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1e9) }

    func run() async throws {
        var jitter = self.jitter
        var round = 0
        guard var fire = fires.initial(nowNs: now()) else {
            throw CLIError(.usage, "the schedule never fires")
        }
        while maxRuns.map({ round < $0 }) ?? true {
            let delay = jitter?.next() ?? .zero
            let startNs = fire + delay.nanoseconds
            Terminal.status("schedule: run \(round + 1) starts at \(Self.time(startNs))"
                            + (delay > .zero ? " (jitter \(Grammar.format(.milliseconds(delay.nanoseconds / 1_000_000))))" : ""))
            guard await sleep(untilNs: startNs) else { break }
            round += 1
            try await runOnce(round: round, fireNs: fire)
            if Task.isShuttingDownGracefully { break }
            guard let following = fires.following(fire, nowNs: now()) else { break }
            if following.skipped > 0 {
                Terminal.status("schedule: run \(round) outlasted its interval; skipped \(following.skipped) start(s) rather than overlap")
                metrics?.record(.startsSkipped(following.skipped))
            }
            fire = following.fireNs
        }
        Terminal.status("schedule: stopped after \(round) run(s)")
    }

    /// One run, interrupted by a graceful shutdown.
    private func runOnce(round: Int, fireNs: Int64) async throws {
        let stop = StopSignal()
        var session = self.session
        session.stop = stop
        session.metrics = metrics
        session.label = labels?.label(round: round, vantage: session.vantage, fireNs: fireNs)
        let startedNs = now()
        metrics?.record(.runStarted(startedNs: startedNs))
        do {
            let record = try await withGracefulShutdownHandler {
                try await session.execute()
            } onGracefulShutdown: {
                stop.stop()
            }
            metrics?.record(.runFinished(status: record.status, startedNs: record.info.startedNs,
                                         finishedNs: record.finishedNs ?? now()))
            Terminal.status("schedule: run \(round) \(record.info.id) \(record.status.rawValue)"
                            + (record.info.label.map { " label \($0)" } ?? ""))
        } catch {
            metrics?.record(.runFinished(status: .failed, startedNs: startedNs, finishedNs: now()))
            throw error
        }
    }

    /// Sleeps until the wall-clock time `targetNs`; false when a graceful shutdown came first.
    private func sleep(untilNs targetNs: Int64) async -> Bool {
        let wait = targetNs - now()
        if wait > 0 {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: .nanoseconds(wait)) }
            } catch {
                return false
            }
        }
        return !Task.isShuttingDownGracefully
    }

    static func time(_ ns: Int64) -> String {
        CivilTime(epochSeconds: ns / 1_000_000_000).isoText
    }
}
