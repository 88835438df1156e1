import Foundation

/// The continuous-batching server behind an emulated LLM endpoint with a ``EmulatedProviderSpec/Capacity``:
/// one scheduler per provider advances every request in flight in shared decode steps, so that
/// thousands of concurrent streams cost one timer, not one each, and queueing is real (a request
/// waits for a slot, not for a drawn delay).
///
/// Each step admits waiting requests (first come, first served, once their fixed `queue` wait is
/// over) while fewer than `batch` run, lasts ``EmulatedProviderSpec/LLM/stepTime(batchSize:)``
/// plus the prefill of the prompts it admits (both with mean-one log-normal jitter), and gives
/// every running request one token at its end. Step ends are chained while the server is busy,
/// so a late wake-up of this task delays delivery but never stretches the server's own time.
final class LLMScheduler: Sendable {
    /// One request's tokens: each element is the instant a token was produced; the stream
    /// finishes after the last one.
    typealias Tokens = AsyncStream<ContinuousClock.Instant>

    private struct Request {
        let id: Int
        let promptTokens: Int
        var remaining: Int
        /// When the request reaches the scheduler (after the fixed `queue` wait).
        let ready: ContinuousClock.Instant
        let continuation: Tokens.Continuation
    }

    private struct State {
        var waiting: [Request] = []
        var running: [Request] = []
        var nextID = 0
        /// Whether the stepping task is alive; it ends when nothing is left to do.
        var stepping = false
        var generator: SplitMix64
        /// Requests answered 503 because the batch and the queue were full.
        var rejected = 0
    }

    let model: EmulatedProviderSpec.LLM
    let capacity: EmulatedProviderSpec.Capacity
    private let state: Locked<State>

    init(_ model: EmulatedProviderSpec.LLM, capacity: EmulatedProviderSpec.Capacity, seed: UInt64) {
        self.model = model
        self.capacity = capacity
        state = Locked(State(generator: SplitMix64(seed: seed)))
    }

    /// Takes a request that arrived now and reaches the scheduler at `ready`; nil when `batch`
    /// requests run and `queue_limit` more wait already (the caller answers 503 at once).
    func submit(promptTokens: Int, maxTokens: Int, ready: ContinuousClock.Instant) -> (id: Int, tokens: Tokens)? {
        let (tokens, continuation) = Tokens.makeStream(bufferingPolicy: .unbounded)
        let room = capacity.batch + min(capacity.queueLimit ?? Int.max / 2, Int.max / 2)
        let admitted: (id: Int, start: Bool)? = state.withLock { state in
            guard state.waiting.count + state.running.count < room else {
                state.rejected += 1
                return nil
            }
            state.nextID += 1
            state.waiting.append(Request(id: state.nextID, promptTokens: promptTokens, remaining: max(1, maxTokens),
                                         ready: ready, continuation: continuation))
            defer { state.stepping = true }
            return (state.nextID, !state.stepping)
        }
        guard let admitted else {
            continuation.finish()
            return nil
        }
        // A client that goes away frees its slot (or its place in the queue) at the next step.
        continuation.onTermination = { [weak self] reason in
            if case .cancelled = reason { self?.cancel(admitted.id) }
        }
        if admitted.start {
            // The server starts when the request reaches it, not when this task gets a thread.
            Task { await self.step(from: ready) }
        }
        return (admitted.id, tokens)
    }

    /// Drops request `id` from the batch or the queue; harmless once it has finished.
    func cancel(_ id: Int) {
        let removed = state.withLock { state -> Tokens.Continuation? in
            if let index = state.running.firstIndex(where: { $0.id == id }) {
                return state.running.remove(at: index).continuation
            }
            if let index = state.waiting.firstIndex(where: { $0.id == id }) {
                return state.waiting.remove(at: index).continuation
            }
            return nil
        }
        removed?.finish()
    }

    /// Requests running, waiting, and answered 503 so far: tests read these instead of sleeping.
    var counts: (running: Int, waiting: Int, rejected: Int) {
        state.withLock { ($0.running.count, $0.waiting.count, $0.rejected) }
    }

    /// What one iteration of the loop does next.
    private enum Plan {
        case step(Duration)
        case idleUntil(ContinuousClock.Instant)
        case stop
    }

    /// The stepping loop: runs while any request runs or waits, then ends; the next submission
    /// starts a new one.
    private func step(from origin: ContinuousClock.Instant) async {
        var stepEnd = origin
        while true {
            let now = ContinuousClock.now
            // A late wake-up (a busy machine) is made up by starting the next step on time, so
            // the server's throughput does not depend on the host's load; only after a long
            // stall (the process stopped) does the server resynchronise instead of bursting.
            let start = now - stepEnd > max(.milliseconds(250), model.decode * 10) ? now : stepEnd
            // Admission happens at the step's start, so wait for it when it is still ahead.
            if start > now { try? await Task.sleep(until: start, clock: .continuous) }
            switch plan(at: start) {
            case .stop:
                return
            case .idleUntil(let ready):
                stepEnd = ready
                try? await Task.sleep(until: stepEnd, clock: .continuous)
            case .step(let length):
                stepEnd = start + length
                try? await Task.sleep(until: stepEnd, clock: .continuous)
                deliver(at: stepEnd)
            }
        }
    }

    /// Admits the requests ready by `start` into free slots and draws the step's length.
    private func plan(at start: ContinuousClock.Instant) -> Plan {
        state.withLock { state in
            var prefillTokens = 0
            var index = 0
            while state.running.count < capacity.batch, index < state.waiting.count {
                if state.waiting[index].ready <= start {
                    let request = state.waiting.remove(at: index)
                    prefillTokens += request.promptTokens
                    state.running.append(request)
                } else {
                    index += 1
                }
            }
            if state.running.isEmpty {
                guard let next = state.waiting.map(\.ready).min() else {
                    state.stepping = false
                    return .stop
                }
                return .idleUntil(next)
            }
            let jitter = model.jitter
            func factor() -> Double {
                jitter > 0 ? exp(jitter * state.generator.nextStandardNormal() - jitter * jitter / 2) : 1
            }
            var seconds = model.stepTime(batchSize: state.running.count).secondsValue * factor()
            if prefillTokens > 0 {
                seconds += model.prefillPerToken.secondsValue * Double(prefillTokens) * factor()
            }
            return .step(.nanoseconds(Int64(seconds * 1e9)))
        }
    }

    /// Gives every running request its token for the step that ended at `end`; finished
    /// requests leave the batch.
    private func deliver(at end: ContinuousClock.Instant) {
        let (tokens, finished) = state.withLock { state -> ([Tokens.Continuation], [Tokens.Continuation]) in
            var tokens: [Tokens.Continuation] = []
            var finished: [Tokens.Continuation] = []
            tokens.reserveCapacity(state.running.count)
            for index in state.running.indices {
                state.running[index].remaining -= 1
                tokens.append(state.running[index].continuation)
                if state.running[index].remaining == 0 { finished.append(state.running[index].continuation) }
            }
            state.running.removeAll { $0.remaining == 0 }
            return (tokens, finished)
        }
        // Outside the lock: finishing a stream runs its termination handler, which may cancel.
        for continuation in tokens { continuation.yield(end) }
        for continuation in finished { continuation.finish() }
    }
}
