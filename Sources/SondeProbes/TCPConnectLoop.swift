import SondeCore
#if canImport(Glibc)
import Glibc
#endif

/// The event loop behind `TCPProbe`: starts each connect at its intended time (non-blocking
/// `connect`), waits in `poll` for sockets to become writable, and reads the outcome from
/// `SO_ERROR`. Confined to one thread.
final class TCPConnectLoop {
    /// One connect in flight.
    struct Attempt {
        let descriptor: Int32
        let target: Int
        let sequence: Int64
        let intendedNs: Int64
        let startedNs: Int64
        let start: ContinuousClock.Instant
        let dnsUs: Int64?
    }

    let plan: TCPPlan
    let context: ProbeContext
    /// Attempts started per target.
    var started: [Int]
    var finished: [Bool]
    var inFlight: [Attempt] = []
    /// When this probe started, in the run's time base: schedules count from here.
    let origin: Duration

    init(plan: TCPPlan, context: ProbeContext) {
        self.plan = plan
        self.context = context
        started = Array(repeating: 0, count: plan.targets.count)
        finished = plan.targets.map { $0.samples <= 0 }
        origin = context.timeBase.elapsed()
    }

    func run() -> ProbeOutcome.Ending {
        var stopped = false
        while true {
            if context.stop.isStopped && !stopped {
                stopped = true
                for index in finished.indices { finished[index] = true }
            }
            launchDue(now: context.timeBase.elapsed() - origin)
            if inFlight.isEmpty && finished.allSatisfy({ $0 }) { break }
            wait(milliseconds: nextWait(now: context.timeBase.elapsed() - origin))
        }
        return stopped ? .interrupted : .complete
    }

    /// Starts every attempt whose intended time has come.
    private func launchDue(now: Duration) {
        for (index, target) in plan.targets.enumerated() where !finished[index] {
            while !finished[index] {
                let due = target.intendedOffset(ofAttempt: started[index])
                if let limit = plan.maxDuration, origin + due >= limit {
                    finished[index] = true
                    break
                }
                guard due <= now else { break }
                launch(target: index, intended: due)
                started[index] += 1
                if started[index] >= target.samples { finished[index] = true }
            }
        }
    }

    private func launch(target index: Int, intended: Duration) {
        let target = plan.targets[index]
        let sequence = target.firstSequence + Int64(started[index])
        let intendedNs = context.timeBase.epochNs + (origin + intended).nanoseconds
        let startedNs = context.timeBase.nowNs()
        let start = ContinuousClock.now
        func fail(_ error: ErrorClass, dnsUs: Int64? = nil) {
            record(Sample(providerID: target.providerID, probe: .tcp, sequence: sequence, intendedNs: intendedNs,
                          startedNs: startedNs, dnsUs: dnsUs, totalUs: (ContinuousClock.now - start).microseconds,
                          errorClass: error), target: index)
        }
        let resolved = TCPAddress.resolve(host: target.host, port: target.port)
        let dnsUs = resolved.lookedUp ? max(1, (ContinuousClock.now - start).microseconds) : nil
        guard var address = resolved.address else { return fail(.dns, dnsUs: dnsUs) }
        if ContinuousClock.now - start >= target.timeout { return fail(.timeout, dnsUs: dnsUs) }
        let descriptor = socket(Int32(address.ss_family), Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
                                    | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return fail(.other, dnsUs: dnsUs) }
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, resolved.length) }
        }
        let attempt = Attempt(descriptor: descriptor, target: index, sequence: sequence, intendedNs: intendedNs,
                              startedNs: startedNs, start: start, dnsUs: dnsUs)
        if result == 0 {
            finish(attempt, error: nil)  // loopback can connect at once
        } else if errno == EINPROGRESS {
            inFlight.append(attempt)
        } else {
            finish(attempt, error: Self.errorClass(errno))
        }
    }

    /// Waits up to `milliseconds` for connects to complete, then finishes those that did or
    /// ran out of time.
    private func wait(milliseconds: Int32) {
        var descriptors = inFlight.map { pollfd(fd: $0.descriptor, events: Int16(POLLOUT), revents: 0) }
        var ready: Int32 = 0
        if descriptors.isEmpty {
            if milliseconds > 0 { usleep(useconds_t(milliseconds) * 1000) }
        } else {
            ready = poll(&descriptors, nfds_t(descriptors.count), milliseconds)
        }
        var remaining: [Attempt] = []
        let now = ContinuousClock.now
        for (attempt, polled) in zip(inFlight, descriptors) {
            if ready > 0 && polled.revents != 0 {
                var error: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                if getsockopt(attempt.descriptor, SOL_SOCKET, SO_ERROR, &error, &length) != 0 { error = errno }
                finish(attempt, error: error == 0 ? nil : Self.errorClass(error))
            } else if now - attempt.start >= plan.targets[attempt.target].timeout {
                finish(attempt, error: .timeout)
            } else {
                remaining.append(attempt)
            }
        }
        inFlight = remaining
    }

    private func finish(_ attempt: Attempt, error: ErrorClass?) {
        let elapsedUs = max(1, (ContinuousClock.now - attempt.start).microseconds)
        close(attempt.descriptor)
        let target = plan.targets[attempt.target]
        record(Sample(providerID: target.providerID, probe: .tcp, sequence: attempt.sequence, intendedNs: attempt.intendedNs,
                      startedNs: attempt.startedNs, dnsUs: attempt.dnsUs, connectUs: error == nil ? elapsedUs : nil,
                      totalUs: elapsedUs, errorClass: error), target: attempt.target)
    }

    private func record(_ sample: Sample, target: Int) {
        context.progress.recordAttempt(target: target, failed: !sample.succeeded)
        context.sink.record(sample)
    }

    /// Milliseconds until the next intended connect or the nearest deadline (at most 100, so a
    /// stop is noticed promptly; rounded down, so connects are not late by rounding).
    private func nextWait(now: Duration) -> Int32 {
        var wait = Duration.milliseconds(100)
        for (index, target) in plan.targets.enumerated() where !finished[index] {
            wait = min(wait, target.intendedOffset(ofAttempt: started[index]) - now)
        }
        let clock = ContinuousClock.now
        for attempt in inFlight {
            wait = min(wait, plan.targets[attempt.target].timeout - (clock - attempt.start))
        }
        return Int32(max(0, wait.nanoseconds / 1_000_000))
    }

    /// The shared error class of a failed connect's `errno`.
    static func errorClass(_ code: Int32) -> ErrorClass {
        switch code {
        case ECONNREFUSED: .refused
        case ETIMEDOUT: .timeout
        case ECONNRESET, ECONNABORTED: .reset
        default: .other
        }
    }
}

/// A socket address for a host and port: numeric addresses are read without a lookup, names go
/// through `getaddrinfo` (blocking; the probe times it as `dns_us`).
enum TCPAddress {
    static func resolve(host: String, port: UInt16) -> (address: sockaddr_storage?, length: socklen_t, lookedUp: Bool) {
        if let numeric = lookup(host, port: port, flags: AI_NUMERICHOST) { return (numeric.0, numeric.1, false) }
        guard let named = lookup(host, port: port, flags: 0) else { return (nil, 0, true) }
        return (named.0, named.1, true)
    }

    private static func lookup(_ host: String, port: UInt16, flags: Int32) -> (sockaddr_storage, socklen_t)? {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = flags | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else { return nil }
        defer { freeaddrinfo(list) }
        var storage = sockaddr_storage()
        let length = first.pointee.ai_addrlen
        withUnsafeMutableBytes(of: &storage) { raw in
            raw.copyMemory(from: UnsafeRawBufferPointer(start: first.pointee.ai_addr, count: Int(length)))
        }
        return (storage, length)
    }
}
