import Synchronization
import Testing
import SondeCore
@testable import SondeProbes

/// The runner: steps in order, each only after the one before completed; the heartbeat
/// alongside from the start; summaries handed to the display.
@Suite struct RunnerTests {
    /// Records the order probes start and end in.
    final class Journal: Sendable {
        private let entries = Mutex<[String]>([])
        func add(_ entry: String) { entries.withLock { $0.append(entry) } }
        var all: [String] { entries.withLock { $0 } }
    }

    /// A scripted probe: records one sample, waits, ends as told.
    struct ScriptedProbe: Probe {
        var kind: ProbeKind
        var ending: ProbeOutcome.Ending = .complete
        var wait: Duration = .milliseconds(20)
        var journal: Journal

        func makeProgress() -> RunProgress { RunProgress(names: ["p"], planned: 1) }

        func run(_ context: ProbeContext) async -> ProbeOutcome {
            journal.add("start \(kind.rawValue)")
            context.sink.record(Sample(providerID: 1, probe: kind, sequence: 0, intendedNs: 0, startedNs: 0, totalUs: 1))
            context.progress.recordAttempt(target: 0, failed: false)
            try? await Task.sleep(for: wait)
            journal.add("end \(kind.rawValue)")
            return ProbeOutcome(ending, summary: ["\(kind.rawValue): \(context.progress.snapshot()[0].attempts) attempt"])
        }
    }

    func display(_ lines: Journal) -> Runner.Display {
        Runner.Display(progress: { _ in }, endProgress: {}, status: { lines.add($0) }, stored: { 0 }, storeFailed: { false })
    }

    @Test func stepsRunInOrderWithTheHeartbeatAlongside() async {
        let journal = Journal()
        let lines = Journal()
        let runner = Runner(steps: [ScriptedProbe(kind: .latency, journal: journal), ScriptedProbe(kind: .bandwidth, journal: journal)],
                            alongside: [ScriptedProbe(kind: .availability, wait: .milliseconds(200), journal: journal)])
        let sink = CollectingSink()
        let ending = await runner.run(ProbeContext(timeBase: TimeBase(), sink: sink), display: display(lines))
        #expect(ending == .complete)
        let order = journal.all
        #expect(order.firstIndex(of: "end latency")! < order.firstIndex(of: "start bandwidth")!)
        #expect(order.firstIndex(of: "start availability")! < order.firstIndex(of: "end latency")!)
        #expect(order.last == "end availability")
        #expect(sink.all.map(\.probe).sorted { $0.rawValue < $1.rawValue } == [.availability, .bandwidth, .latency])
        // Each probe counted into its own progress, and its summary reached the display.
        #expect(Set(lines.all) == ["latency: 1 attempt", "bandwidth: 1 attempt", "availability: 1 attempt"])
    }

    @Test func anInterruptedStepEndsTheRun() async {
        let journal = Journal()
        let runner = Runner(steps: [ScriptedProbe(kind: .latency, ending: .interrupted, journal: journal),
                                    ScriptedProbe(kind: .bandwidth, journal: journal)])
        let ending = await runner.run(ProbeContext(timeBase: TimeBase(), sink: CollectingSink()), display: .silent)
        #expect(ending == .interrupted)
        #expect(!journal.all.contains("start bandwidth"))
    }

    @Test func anInterruptedHeartbeatMarksTheRunInterrupted() async {
        let journal = Journal()
        let runner = Runner(steps: [ScriptedProbe(kind: .latency, journal: journal)],
                            alongside: [ScriptedProbe(kind: .availability, ending: .interrupted, journal: journal)])
        let ending = await runner.run(ProbeContext(timeBase: TimeBase(), sink: CollectingSink()), display: .silent)
        #expect(ending == .interrupted)
    }

    @Test func aStopBeforeAStepSkipsIt() async {
        let journal = Journal()
        let stop = StopSignal()
        stop.stop()
        let runner = Runner(steps: [ScriptedProbe(kind: .latency, journal: journal)])
        let ending = await runner.run(ProbeContext(timeBase: TimeBase(), sink: CollectingSink(), stop: stop), display: .silent)
        #expect(ending == .interrupted)
        #expect(journal.all.isEmpty)
    }

    /// Runs until stopped (at most 5 s).
    struct UntilStopped: Probe {
        var kind: ProbeKind = .availability
        func makeProgress() -> RunProgress { RunProgress(names: ["p"], planned: 0) }
        func run(_ context: ProbeContext) async -> ProbeOutcome {
            let start = ContinuousClock.now
            while !context.stop.isStopped && ContinuousClock.now - start < .seconds(5) {
                try? await Task.sleep(for: .milliseconds(10))
            }
            return ProbeOutcome(context.stop.isStopped ? .interrupted : .complete)
        }
    }

    @Test func aFailingStoreStopsAHeartbeatOnlyRun() async {
        let display = Runner.Display(progress: { _ in }, endProgress: {}, status: { _ in }, stored: { 0 }, storeFailed: { true })
        let start = ContinuousClock.now
        let ending = await Runner(steps: [], alongside: [UntilStopped()])
            .run(ProbeContext(timeBase: TimeBase(), sink: CollectingSink()), display: display)
        #expect(ending == .interrupted)
        #expect(ContinuousClock.now - start < .seconds(4))
    }

    @Test func everyPlanOfARunPlanHasAProbe() throws {
        let config = try ConfigLoader.parse("""
            providers:
              - {name: a, kind: depin, endpoint: 'http://127.0.0.1:9/'}
            probes:
              latency: {}
              bandwidth: {}
              load: {}
              llm: {}
              availability: {}

            """, source: "s.yaml")
        let runner = Runner(plan: try RunPlan.make(config: config, environment: [:], duration: nil))
        #expect(runner.steps.map(\.kind) == [.latency, .bandwidth, .load, .llm])
        #expect(runner.alongside.map(\.kind) == [.availability])
    }
}
