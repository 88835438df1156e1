extension FleetSpec {
    /// The built-in fleet: one centralized baseline and three DePIN providers, calibrated to
    /// what DePIN users report (see the comment at the top of the YAML).
    public static let defaultYAML: String = """
        # sonde's built-in emulated fleet.
        #
        # Calibration. Users of DePIN GPU networks report total latency whose variance is about
        # 5x a centralized cloud's, medians somewhat higher (tens of ms), rare spikes and slow
        # periods of a few seconds, and worse behaviour away from North America. A log-normal
        # wait with median m and log-sd s has variance m^2 e^(s^2) (e^(s^2) - 1), so a longer
        # median alone raises the variance by (m/40ms)^2: the DePIN sigmas are kept close to
        # the baseline's and the rest of the spread comes from spikes (about a quarter of a
        # DePIN provider's variance) and slow episodes (a sixth for na, a third for eu, apac).
        # Loopback and scheduling add well under 1 ms, so measured totals keep these ratios.
        #
        # Time is compressed, as for drops below. Real slow periods last seconds and come minutes
        # apart; here they last 0.4-0.5 s and come every 12-15 s (the same share of time), and
        # spikes are 1% of requests of about one median rather than 0.1% of three medians (the
        # same share of variance). A variance carried by events rarer than one per window cannot
        # be estimated from that window: with the uncompressed shapes, 1,000 requests at 100 ms held
        # about one spike and one episode, and the 95% variance-ratio interval covered the truth
        # in only 80-89% of windows (docs/statistics.md keeps that shape as a stress case).
        #
        # Expected variance (exact moments of this model; ratio to the baseline):
        #   cloud-us-east   28 ms^2   1.0   (median 40 ms)
        #   depin-na       103 ms^2   3.6   (median 50 ms)
        #   depin-eu       151 ms^2   5.3   (median 65 ms)
        #   depin-apac     194 ms^2   6.9   (median 78 ms)
        # Pooled DePIN (the mean of the three providers' variances, as in a pooled-variance
        # estimate, so that the different medians do not count as spread): 5.3x the baseline.
        # Mixing all DePIN samples into one set instead gives about 10x: the medians differ.
        # Slow episodes cover 1 - exp(-duration/every) of the time: 2.6% (na), 4.1% (eu, apac),
        # and make consecutive waits at 100 ms spacing correlated (lag-1 autocorrelation
        # measured in LatencyModelTests).
        #
        # Bandwidth (/blob/<size>, /upload): users find throughput comparable ("throughput was
        # fine but latency killed it"), so every provider gets about 1 Gbit/s (100 MiB/s for the
        # baseline, 90-96 for DePIN) with somewhat more per-transfer variability on DePIN.
        #
        # Inference (/v1/chat/completions, /v1/completions): the baseline stands for a datacenter
        # GPU (fast prefill, ~50 tokens/s decode, steady); DePIN providers for consumer or older
        # GPUs farther away: longer queueing, slower prefill and decode, and more jitter. With a
        # 256-token prompt the model's TTFT is 58 ms (baseline), 137, 182 and 228 ms (na, eu, apac).
        #
        # Drops (the heartbeat probe's interruptions): DePIN nodes go away now and then and their
        # ingress answers 503 until they are back. Real drops are minutes long and hours apart; here
        # time is compressed so a one-minute demo sees some: Poisson starts, mean gap 120 s, 1 s
        # each (0.8% of the time, under the 1% error limit of the inference verdict). The baseline
        # never drops.
        #
        # Provisioning (/_sonde/provision): the baseline stands for a cloud whose GPUs are scarce: the
        # API answers quickly, then the request waits in a capacity queue (median 10 min) and boots
        # (90 s), but machines do not fail. DePIN providers start a container on hardware that is
        # already up (boot 40-60 s, no queue) but a tenth of requests find no capacity and some
        # machines fail to come up. All provisioning times are divided by provisioning_scale, so the
        # demo's attempts take seconds; reports state the scale.
        seed: 42
        provisioning_scale: 300
        providers:
          - name: cloud-us-east
            kind: centralized
            region: us-east
            jurisdiction: US
            latency: { median: 40ms, sigma: 0.12 }
            spikes: { probability: 0.01, median: 20ms, sigma: 0.3 }
            bandwidth: { rate: 100MiB/s, jitter: 0.03 }
            llm: { queue: 20ms, prefill_per_token: 0.15ms, decode: 20ms, jitter: 0.05 }
            provisioning: { accept: 3s, queue: 10m, boot: 90s, jitter: 0.3 }
          - name: depin-na
            kind: depin
            region: us-west
            jurisdiction: US
            latency: { median: 50ms, sigma: 0.15 }
            spikes: { probability: 0.01, median: 47ms, sigma: 0.3 }
            episodes: { every: 15s, duration: 400ms, multiplier: 1.5 }
            drops: { every: 120s, duration: 1s }
            bandwidth: { rate: 96MiB/s, jitter: 0.08 }
            llm: { queue: 60ms, prefill_per_token: 0.3ms, decode: 28ms, jitter: 0.15 }
            provisioning: { accept: 5s, boot: 40s, jitter: 0.5, failure: 0.1, no_capacity: 0.1 }
          - name: depin-eu
            kind: depin
            region: eu-central
            jurisdiction: EU
            latency: { median: 65ms, sigma: 0.12 }
            spikes: { probability: 0.01, median: 61ms, sigma: 0.3 }
            episodes: { every: 12s, duration: 500ms, multiplier: 1.5 }
            drops: { every: 120s, duration: 1s }
            bandwidth: { rate: 92MiB/s, jitter: 0.1 }
            llm: { queue: 80ms, prefill_per_token: 0.4ms, decode: 30ms, jitter: 0.2 }
            provisioning: { accept: 5s, boot: 50s, jitter: 0.5, failure: 0.15, no_capacity: 0.1 }
          - name: depin-apac
            kind: depin
            region: ap-southeast
            jurisdiction: SG
            latency: { median: 78ms, sigma: 0.11 }
            spikes: { probability: 0.01, median: 68ms, sigma: 0.3 }
            episodes: { every: 12s, duration: 500ms, multiplier: 1.5 }
            drops: { every: 120s, duration: 1s }
            bandwidth: { rate: 90MiB/s, jitter: 0.1 }
            llm: { queue: 100ms, prefill_per_token: 0.5ms, decode: 32ms, jitter: 0.25 }
            provisioning: { accept: 8s, boot: 60s, jitter: 0.5, failure: 0.15, no_capacity: 0.15 }

        """

    /// ``defaultYAML`` parsed. It is tested to parse, so a failure here is a build defect.
    public static var `default`: FleetSpec {
        do {
            return try parse(yaml: defaultYAML, source: "<default fleet>")
        } catch {
            preconditionFailure("the built-in fleet does not parse: \(error)")
        }
    }
}
