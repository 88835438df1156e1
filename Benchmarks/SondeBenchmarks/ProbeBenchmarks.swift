import Benchmark
import Synchronization
import SondeCore
import SondeProbes

/// Counts samples; the probe's sink in these benchmarks.
final class CountingSink: SampleSink {
    private let counts = Mutex((attempts: 0, failures: 0))

    func record(_ sample: Sample) {
        counts.withLock {
            $0.attempts += 1
            if !sample.succeeded { $0.failures += 1 }
        }
    }

    var failures: Int { counts.withLock { $0.failures } }
}

func registerProbeBenchmarks() {
    // The per-attempt cost of the HTTP latency probe: 200 attempts, each on a fresh connection
    // (sonde's default), every 100 µs against a loopback responder. Read cpuTotal (the probe,
    // libcurl, the kernel's TCP work for both ends, and the responder) and mallocCountTotal per
    // attempt by dividing by 200; wallClock is mostly the 20 ms schedule.
    Benchmark("HTTP-probe-200-attempts-fresh-connections",
              configuration: configuration([.wallClock, .cpuTotal, .mallocCountTotal])) { benchmark, responder in
        let target = LatencyPlan.Target(
            providerID: 1, name: "loopback", url: responder.url, headers: [], interval: .microseconds(100),
            samples: 200, timeout: .seconds(2), reuse: false, verifyTLS: true, offset: .zero, firstSequence: 0)
        let plan = LatencyPlan(targets: [target], maxDuration: nil)
        for _ in benchmark.scaledIterations {
            let sink = CountingSink()
            let probe = LatencyProbe(plan: plan)
            _ = await probe.run(ProbeContext(timeBase: TimeBase(), sink: sink, progress: probe.makeProgress()))
            if sink.failures > 0 { benchmark.error("\(sink.failures) of 200 attempts failed") }
        }
    } setup: {
        try LoopbackResponder()
    }

    // The latency probe's per-attempt cost at a high rate on warm connections (issue 17): 2,000
    // attempts 200 µs apart over keep-alive connections to a plain http:// URL, so through the
    // native epoll engine (`reuse: false` or https stays with libcurl, measured above).
    // mallocCountTotal / 2,000 is what one attempt allocates in the probe; wallClock is mostly
    // the 400 ms schedule.
    Benchmark("HTTP-probe-2000-attempts-warm-200us",
              configuration: configuration([.wallClock, .cpuTotal, .mallocCountTotal])) { benchmark, responder in
        let target = LatencyPlan.Target(
            providerID: 1, name: "loopback", url: responder.url, headers: [], interval: .microseconds(200),
            samples: 2_000, timeout: .seconds(2), reuse: true, verifyTLS: true, offset: .zero, firstSequence: 0)
        let plan = LatencyPlan(targets: [target], maxDuration: nil)
        for _ in benchmark.scaledIterations {
            let sink = CountingSink()
            let probe = LatencyProbe(plan: plan)
            _ = await probe.run(ProbeContext(timeBase: TimeBase(), sink: sink, progress: probe.makeProgress()))
            if sink.failures > 0 { benchmark.error("\(sink.failures) of 2000 attempts failed") }
        }
    } setup: {
        try LoopbackResponder(keepAlive: true)
    }
}

