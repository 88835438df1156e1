import CCurl
import SondeCore
#if canImport(Glibc)
import Glibc
#endif

/// The network side of the load and latency probes' loops: pools of connections per provider
/// (lane) that start requests and report them finished. `LoadLoop` and `LatencyLoop` keep the
/// schedule, counts and samples; an engine only moves bytes. Confined to the probe's thread.
protocol LoadTransport: AnyObject {
    /// Whether `lane` has a connection free for a request.
    func hasIdle(_ lane: Int) -> Bool
    /// Starts a request on a free connection of `lane` (`hasIdle` was true). Times are
    /// nanoseconds since the Unix epoch; the finished sample carries them back.
    func start(lane: Int, sequence: Int64, intendedNs: Int64, startedNs: Int64)
    /// Moves whatever I/O is ready, waiting up to `waitNs` for some when none is, and hands every
    /// finished request to `finished` as a sample (without `correctedUs`) with its lane.
    func perform(waitNs: Int64, _ finished: (_ lane: Int, _ sample: Sample) -> Void)
}

/// The libcurl engine: every lane's pool of reusable easy handles on one multi handle.
final class CurlLoadTransport: LoadTransport {
    private let multi: UnsafeMutableRawPointer
    private let targets: [RequestTarget]
    private var idle: [[CurlRequest]] = []
    /// Every handle, so that none is freed while the multi handle may still point at it.
    private let pools: [[CurlRequest]]

    init(targets: [RequestTarget], connections: Int) {
        precondition(Curl.initialized, "libcurl failed to initialise")
        self.targets = targets
        multi = curl_multi_init()
        // Enough cached connections for every pool, so none is closed between requests.
        _ = sonde_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, connections * targets.count + 8)
        var pools: [[CurlRequest]] = []
        for (index, target) in targets.enumerated() {
            var pool: [CurlRequest] = []
            for _ in 0..<connections {
                guard let request = CurlRequest(url: target.url, headers: target.headers, timeout: target.timeout,
                                                verifyTLS: target.verifyTLS, targetIndex: index) else { break }
                pool.append(request)
            }
            pools.append(pool)
        }
        self.pools = pools
        idle = pools.map { $0.reversed() }
    }

    deinit { curl_multi_cleanup(multi) }

    func hasIdle(_ lane: Int) -> Bool { !idle[lane].isEmpty }

    func start(lane: Int, sequence: Int64, intendedNs: Int64, startedNs: Int64) {
        let request = idle[lane].removeLast()
        request.sequence = sequence
        request.intendedNs = intendedNs
        request.startedNs = startedNs
        request.bytes = 0
        curl_multi_add_handle(multi, request.handle)
    }

    func perform(waitNs: Int64, _ finished: (_ lane: Int, _ sample: Sample) -> Void) {
        if drain(finished) > 0 || waitNs <= 0 { return }
        if waitNs >= 1_000_000 {
            curl_multi_poll(multi, nil, 0, Int32(waitNs / 1_000_000), nil)
        } else {
            // curl_multi_poll counts in milliseconds: under one, sleep the rest instead of
            // spinning (a spinning loop takes the CPU an in-process emulator answers on).
            usleep(UInt32(waitNs / 1000))
        }
        _ = drain(finished)
    }

    /// Lets libcurl move bytes and reports what finished; returns how many did.
    private func drain(_ finished: (_ lane: Int, _ sample: Sample) -> Void) -> Int {
        var running: Int32 = 0
        curl_multi_perform(multi, &running)
        var count = 0
        Curl.forEachFinished(multi) { _, context, result in
            guard let context else { return }
            let request = Unmanaged<CurlRequest>.fromOpaque(context).takeUnretainedValue()
            let lane = request.targetIndex
            idle[lane].append(request)
            count += 1
            finished(lane, request.sample(providerID: targets[lane].providerID, probe: .load, result: result))
        }
        return count
    }
}
