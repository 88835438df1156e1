import SondeCore
#if canImport(Glibc)
import CEpoll
import Glibc

/// The native HTTP engine of the load probe and of the latency probe's warm connections:
/// HTTP/1.1 keep-alive over non-blocking sockets on one epoll instance, for plain `http://`
/// targets. Each connection carries one request at a time; its request bytes are built once per
/// target and the response is framed by `HTTPResponseParser`, its body counted and dropped. A connection that the server closes (`Connection: close`, a body read to the
/// close, an error, a timeout) is opened again for its next request.
///
/// Phases it fills: `connectUs` when the request had to open its connection (from the send to
/// the TCP handshake's end), `ttfbUs` (first response byte) and `totalUs` (last byte), all from
/// the actual send as libcurl counts them; `dnsUs` is never set, as each host is resolved once
/// before the run, and `tlsUs` never applies.
final class NativeLoadTransport: LoadTransport {
    private let targets: [RequestTarget]
    /// The kind its samples are stored under (`load`, or `latency`/`availability`).
    private let probe: ProbeKind
    /// Per lane: where the intended-send-time header's digits sit in the request, when it is sent
    /// (`IntendedHeader`); each connection then sends its own copy with the digits rewritten.
    private let intendedSlots: [Int?]
    /// Per lane: the target's request and address, or `nil` when it did not resolve (every
    /// request then fails as `dns`).
    private let natives: [NativeTarget?]
    private let addresses: [(storage: sockaddr_storage, length: socklen_t)?]
    private var connections: [NativeConnection] = []
    /// Per lane: indices of free connections.
    private var idle: [[Int]]
    /// Connections whose request ended without I/O to wait for (no address, a refused connect),
    /// reported by the next `perform`.
    private var ended: [Int] = []
    private let epoll: Int32
    private var readyIDs: [UInt64]
    private var readyEvents: [UInt32]
    private var buffer: UnsafeMutableRawBufferPointer
    private let timeoutsNs: [Int64]
    /// Per lane: the request's bytes, built once.
    private let requests: [UnsafeRawBufferPointer]
    private var inFlight = 0
    private var nextTimeoutScanNs: Int64 = 0
    /// How often requests are checked against their timeout.
    private static let timeoutScanNs: Int64 = 5_000_000

    /// Whether a wait with requests in flight polls for up to `spinNs` before it sleeps.
    private let spinsBeforeSleep: Bool
    /// How long a closed loop polls before it sleeps: an answer is usually that close (the
    /// server is working through the requests just sent), and each sleep and wake-up costs more
    /// than the polls (a context switch and an inter-processor interrupt; the largest single
    /// item in the probe loop's profile, under `schedule_hrtimeout_range`).
    static let spinNs: Int64 = 30_000
    /// Whether a wait times out to the nanosecond (epoll_pwait2) instead of to the millisecond
    /// with a `usleep` for the rest: a paced schedule (the latency probe) then wakes on time
    /// without ignoring the answers that arrive while it waits.
    private let preciseWait: Bool

    init(targets: [RequestTarget], connections count: Int, spinsBeforeSleep: Bool = false, probe: ProbeKind = .load,
         intendedHeader: String? = nil, preciseWait: Bool = false) {
        self.spinsBeforeSleep = spinsBeforeSleep
        self.preciseWait = preciseWait
        self.probe = probe
        self.targets = targets
        // The header goes last, so its digits end the request's last header line.
        let extra = intendedHeader.map { [$0 + ": " + String(repeating: "0", count: IntendedHeader.digits)] } ?? []
        natives = targets.map { NativeTarget(url: $0.url, headers: $0.headers + extra) }
        intendedSlots = natives.map { native in
            guard let native, !extra.isEmpty else { return nil }
            return native.request.count - "\r\n\r\n".utf8.count - IntendedHeader.digits
        }
        addresses = natives.map { $0?.resolve() }
        timeoutsNs = targets.map { max(1_000_000, $0.timeout.nanoseconds) }
        requests = natives.map { native in
            let bytes = native?.request ?? []
            let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, bytes.count), alignment: 1)
            copy.copyBytes(from: bytes)
            return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(copy)[0..<bytes.count])
        }
        epoll = sonde_epoll_create()
        readyIDs = Array(repeating: 0, count: 256)
        readyEvents = Array(repeating: 0, count: 256)
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
        idle = []
        for lane in targets.indices {
            var free: [Int] = []
            for _ in 0..<count {
                free.append(connections.count)
                connections.append(NativeConnection(lane: lane))
            }
            idle.append(free.reversed())
        }
    }

    deinit {
        for connection in connections {
            if connection.fd >= 0 { close(connection.fd) }
            connection.ownRequest?.deallocate()
        }
        close(epoll)
        buffer.deallocate()
        for request in requests { request.deallocate() }
    }

    func hasIdle(_ lane: Int) -> Bool { !idle[lane].isEmpty }

    func start(lane: Int, sequence: Int64, intendedNs: Int64, startedNs: Int64) {
        let index = idle[lane].removeLast()
        let connection = connections[index]
        let now = monotonicNs()
        connection.begin(sequence: sequence, intendedNs: intendedNs, startedNs: startedNs,
                         monotonicStartNs: now, deadlineNs: now + timeoutsNs[lane])
        if let slot = intendedSlots[lane] {
            // A copy per connection: a short write finishes later, after other attempts of the
            // lane have rewritten their digits.
            let own = connection.ownRequest ?? {
                let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: requests[lane].count, alignment: 1)
                copy.copyMemory(from: requests[lane])
                connection.ownRequest = copy
                return copy
            }()
            IntendedHeader.write(intendedNs, into: (own.baseAddress! + slot).assumingMemoryBound(to: CChar.self))
        }
        inFlight += 1
        guard addresses[lane] != nil else {
            connection.failure = .dns
            ended.append(index)
            return
        }
        if connection.fd < 0 {
            open(index)
        } else {
            connection.reused = true
            send(index)
        }
    }

    func perform(waitNs: Int64, _ finished: (_ lane: Int, _ sample: Sample) -> Void) {
        let count = preciseWait ? waitReady(timeoutNs: preciseTimeoutNs(waitNs)) : waitCoarsely(waitNs)
        for slot in 0..<max(0, Int(count)) {
            let index = Int(readyIDs[slot])
            let events = readyEvents[slot]
            let connection = connections[index]
            guard connection.busy else {
                // An idle connection spoke: the server closed it (or sent what nobody asked for).
                closeSocket(connection)
                continue
            }
            if connection.connecting {
                connected(index, events: events)
            } else if events & sonde_epollout != 0 && connection.written < requests[connection.lane].count {
                send(index)
            } else {
                receive(index)
            }
        }
        let now = monotonicNs()
        if inFlight > 0 && now >= nextTimeoutScanNs {
            nextTimeoutScanNs = now + Self.timeoutScanNs
            for (index, connection) in connections.enumerated()
            where connection.busy && connection.failure == nil && !connection.complete && now >= connection.deadlineNs {
                connection.failure = .timeout
                ended.append(index)
            }
        }
        while let index = ended.popLast() {
            report(index, finished)
        }
    }

    /// Waits to the millisecond (epoll_wait), sleeping a wait under one millisecond with `usleep`;
    /// returns how many descriptors are ready.
    private func waitCoarsely(_ waitNs: Int64) -> Int32 {
        var timeoutMs: Int32 = 0
        if ended.isEmpty && waitNs > 0 {
            if waitNs >= 1_000_000 {
                timeoutMs = Int32(min(waitNs / 1_000_000, 100))
            } else {
                // epoll_wait counts in milliseconds: a send due in under one sleeps the rest
                // instead of spinning (a spinning loop takes the CPU an in-process emulator answers on).
                usleep(UInt32(waitNs / 1000))
            }
            // Requests time out on a scan: wait no longer than the next one (at least 1 ms, so
            // a scan coming due never turns the wait into a sleep that ignores answers).
            if inFlight > 0 && timeoutMs > 0 {
                let scanMs = max(1, (nextTimeoutScanNs - monotonicNs() + 999_999) / 1_000_000)
                timeoutMs = Int32(min(Int64(timeoutMs), scanMs))
            }
        }
        var count: Int32 = 0
        if spinsBeforeSleep && timeoutMs > 0 && inFlight > 0 {
            let until = monotonicNs() + Self.spinNs
            repeat { count = waitReady(timeoutMs: 0) } while count == 0 && monotonicNs() < until
        }
        return count == 0 ? waitReady(timeoutMs: timeoutMs) : count
    }

    /// How long a precise wait may sleep: `waitNs`, but not past the next timeout scan while
    /// requests are in flight, nor at all while an ended request waits to be reported.
    private func preciseTimeoutNs(_ waitNs: Int64) -> Int64 {
        guard ended.isEmpty && waitNs > 0 else { return 0 }
        var timeoutNs = min(waitNs, 100_000_000)
        if inFlight > 0 { timeoutNs = min(timeoutNs, max(0, nextTimeoutScanNs - monotonicNs())) }
        return timeoutNs
    }

    /// One `epoll_pwait2` into the ready lists.
    private func waitReady(timeoutNs: Int64) -> Int32 {
        readyIDs.withUnsafeMutableBufferPointer { ids in
            readyEvents.withUnsafeMutableBufferPointer { sonde_epoll_wait_ns(epoll, ids.baseAddress, $0.baseAddress, 256, timeoutNs) }
        }
    }

    /// One `epoll_wait` into the ready lists.
    private func waitReady(timeoutMs: Int32) -> Int32 {
        readyIDs.withUnsafeMutableBufferPointer { ids in
            readyEvents.withUnsafeMutableBufferPointer { sonde_epoll_wait(epoll, ids.baseAddress, $0.baseAddress, 256, timeoutMs) }
        }
    }

    // MARK: Connection steps

    /// Opens a non-blocking connection for the request on `index`; the handshake's end arrives as EPOLLOUT.
    private func open(_ index: Int) {
        let connection = connections[index]
        var (storage, length) = addresses[connection.lane]!
        let fd = socket(Int32(storage.ss_family), Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else {
            connection.failure = .other
            ended.append(index)
            return
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        connection.fd = fd
        connection.connecting = true
        connection.reused = false
        sonde_epoll_ctl(epoll, 1, fd, sonde_epollin | sonde_epollout, UInt64(index))
        let result = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, length) }
        }
        if result != 0 && errno != EINPROGRESS {
            connection.failure = Self.connectError(errno)
            ended.append(index)
        }
    }

    private func connected(_ index: Int, events: UInt32) {
        let connection = connections[index]
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(connection.fd, SOL_SOCKET, SO_ERROR, &error, &length)
        if error != 0 {
            connection.failure = Self.connectError(error)
            ended.append(index)
            return
        }
        guard events & (sonde_epollout | sonde_epollerr | sonde_epollhup) != 0 else { return }
        connection.connecting = false
        connection.connectUs = max(1, (monotonicNs() - connection.monotonicStartNs) / 1000)
        sonde_epoll_ctl(epoll, 0, connection.fd, sonde_epollin, UInt64(index))
        send(index)
    }

    /// Writes what remains of the request; a short write waits for EPOLLOUT.
    private func send(_ index: Int) {
        let connection = connections[index]
        let request = connection.ownRequest.map(UnsafeRawBufferPointer.init) ?? requests[connection.lane]
        let total = request.count
        let written = Glibc.send(connection.fd, request.baseAddress! + connection.written, total - connection.written,
                                 Int32(MSG_NOSIGNAL))
        if written < 0 {
            if errno == EAGAIN || errno == EWOULDBLOCK { return watchWritable(index, true) }
            retryOrFail(index, error: errno == ECONNRESET || errno == EPIPE ? .reset : .other)
            return
        }
        let wasShort = connection.written > 0
        connection.written += written
        if connection.written < total {
            watchWritable(index, true)
        } else if wasShort {
            watchWritable(index, false)
        }
    }

    private func watchWritable(_ index: Int, _ writable: Bool) {
        sonde_epoll_ctl(epoll, 0, connections[index].fd, sonde_epollin | (writable ? sonde_epollout : 0), UInt64(index))
    }

    private func receive(_ index: Int) {
        let connection = connections[index]
        while true {
            let count = recv(connection.fd, buffer.baseAddress, buffer.count, 0)
            if count < 0 {
                if errno == EAGAIN || errno == EWOULDBLOCK { return }
                if errno == EINTR { continue }
                retryOrFail(index, error: errno == ECONNRESET ? .reset : .other)
                return
            }
            if count == 0 {
                if connection.parser.receivedBytes == 0 {
                    retryOrFail(index, error: .reset)
                    return
                }
                switch connection.parser.finishAtEOF() {
                case .failed(let error): connection.failure = error
                default: connection.complete = true
                }
                connection.mustClose = true
                ended.append(index)
                return
            }
            if connection.ttfbUs == nil { connection.ttfbUs = max(1, (monotonicNs() - connection.monotonicStartNs) / 1000) }
            switch connection.parser.parse(UnsafeRawBufferPointer(start: buffer.baseAddress, count: count)) {
            case .needMore:
                // A full buffer may have more behind it; otherwise wait for the next readiness.
                if count < buffer.count { return }
            case .complete(let consumed):
                connection.complete = true
                // Bytes past the response's end were never asked for: the framing is off.
                if consumed < count || !connection.parser.keepAlive { connection.mustClose = true }
                ended.append(index)
                return
            case .failed(let error):
                connection.failure = error
                connection.mustClose = true
                ended.append(index)
                return
            }
        }
    }

    /// A reused connection the server had already closed (nothing of the answer came back) is
    /// opened again and the request sent once more, as libcurl does; anything else fails.
    private func retryOrFail(_ index: Int, error: ErrorClass) {
        let connection = connections[index]
        if connection.reused && !connection.retried && connection.parser.receivedBytes == 0 {
            connection.retried = true
            closeSocket(connection)
            connection.written = 0
            open(index)
            return
        }
        connection.failure = error
        connection.mustClose = true
        ended.append(index)
    }

    /// Reports the request that ended on `index` and frees its connection.
    private func report(_ index: Int, _ finished: (_ lane: Int, _ sample: Sample) -> Void) {
        let connection = connections[index]
        guard connection.busy else { return }
        let lane = connection.lane
        let totalUs = max(1, (monotonicNs() - connection.monotonicStartNs) / 1000)
        let status = connection.parser.status
        var error = connection.failure
        if error == nil { error = ErrorClass.forHTTPStatus(status) }
        let sample = Sample(providerID: targets[lane].providerID, probe: probe, sequence: connection.sequence,
                            intendedNs: connection.intendedNs, startedNs: connection.startedNs,
                            connectUs: connection.connectUs, ttfbUs: status > 0 ? connection.ttfbUs : nil, totalUs: totalUs,
                            bytes: connection.parser.bodyBytes, httpStatus: status > 0 ? status : nil, errorClass: error)
        // A failed or unfinished exchange leaves the connection in an unknown state.
        if connection.mustClose || connection.failure != nil || !connection.complete { closeSocket(connection) }
        connection.busy = false
        inFlight -= 1
        idle[lane].append(index)
        finished(lane, sample)
    }

    private func closeSocket(_ connection: NativeConnection) {
        guard connection.fd >= 0 else { return }
        close(connection.fd)
        connection.fd = -1
        connection.connecting = false
    }

    private func monotonicNs() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    private static func connectError(_ code: Int32) -> ErrorClass {
        switch code {
        case ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, ETIMEDOUT: return .refused
        case ECONNRESET: return .reset
        default: return .other
        }
    }
}

/// One connection's state and the request it carries.
final class NativeConnection {
    let lane: Int
    var fd: Int32 = -1
    var connecting = false
    /// Whether a request is in flight on it.
    var busy = false
    /// Whether the request went out on a connection that an earlier request opened.
    var reused = false
    var retried = false
    var complete = false
    var mustClose = false
    var failure: ErrorClass?
    var written = 0
    var sequence: Int64 = 0
    var intendedNs: Int64 = 0
    var startedNs: Int64 = 0
    var monotonicStartNs: Int64 = 0
    var deadlineNs: Int64 = 0
    var connectUs: Int64?
    var ttfbUs: Int64?
    var parser = HTTPResponseParser()
    /// This connection's copy of its lane's request, when each request carries its own intended
    /// send time; freed by the transport.
    var ownRequest: UnsafeMutableRawBufferPointer?

    init(lane: Int) {
        self.lane = lane
    }

    func begin(sequence: Int64, intendedNs: Int64, startedNs: Int64, monotonicStartNs: Int64, deadlineNs: Int64) {
        self.sequence = sequence
        self.intendedNs = intendedNs
        self.startedNs = startedNs
        self.monotonicStartNs = monotonicStartNs
        self.deadlineNs = deadlineNs
        busy = true
        retried = false
        complete = false
        mustClose = false
        failure = nil
        written = 0
        connectUs = nil
        ttfbUs = nil
        parser.reset()
    }
}
#endif
