/// One provider's availability over several runs' heartbeats, pooled.
///
/// Each run observes the provider from its first heartbeat's intended send time to its last
/// one's; the time between runs is not observed, neither up nor down, so it enters neither the
/// observed time nor the down-time. The runs' heartbeats are read as one sequence in time, so
/// consecutive failures at the end of one run and the start of the next form one interruption,
/// counted once, whose down-time is its overlap with the two runs' observation windows (the
/// failures on both sides may each be too few to count as an interruption on their own).
/// Availability = 1 − down / observed; MTBF as in `MTBFEstimate` with the up-time observed as
/// the time at risk (Epstein 1960: a Poisson process needs only the total time on test, which
/// may be split into disjoint pieces).
///
/// Interval on the availability: a percentile cluster bootstrap over runs (Davison & Hinkley
/// 1997, §3.8; `resamples` draws, seeded), each run contributing its observed time and the
/// down-time inside its window, the ratio estimator 1 − Σdown / Σobserved recomputed per draw.
/// Runs, not heartbeats, are resampled: heartbeats inside a drop are dependent, runs minutes apart
/// nearly independent. Its ends are then widened by what the heartbeats cannot resolve: every
/// stretch of consecutive failed heartbeats inside a run's window (an interruption's or a blip's)
/// may be down from just after the heartbeat before it to just before the one after it (at most
/// `maxDownUs` in all), and an interruption is down at least from its first to its last failure
/// (`minDownUs`); the availability's lower end moves down by (maxDown − down) / observed and its
/// upper end up by (down − minDown) / observed. A drop that falls between two heartbeats is not
/// seen at all. Without any failure the interval is [1, 1]: runs that saw no drop say nothing
/// about rarer ones (the MTBF's one-sided bound does).
public struct PooledAvailability: Sendable, Equatable, Codable {
    /// Runs with at least one heartbeat.
    public var runs: Int
    public var attempts: Int
    public var failures: Int
    /// Interruptions over all runs, each counted once however many runs it spans.
    public var interruptions: Int
    /// Interruptions that span the gap between two runs (a subset of `interruptions`).
    public var spanningRuns: Int
    public var episodes: [InterruptionEpisode]
    /// Sum of the runs' observation windows, microseconds.
    public var observedUs: Double
    /// Down-time inside the observation windows, microseconds.
    public var downUs: Double
    /// Up-time over observed time, 0 to 1; `nil` when nothing was observed.
    public var availability: Double?
    public var mtbf: MTBFEstimate
    /// Ends of the availability's interval at `confidence` (see the type's note); `nil` when
    /// nothing was observed.
    public var availabilityLower: Double?
    public var availabilityUpper: Double?
    /// Bootstrap resamples behind the interval.
    public var resamples: Int
    /// Most and least down-time, microseconds, that the heartbeats allow (see the type's note).
    public var maxDownUs: Double
    public var minDownUs: Double

    /// Pools `runs`, each one run's heartbeats of the same provider (any order inside a run;
    /// runs must not overlap in time), with `failuresToInterrupt` consecutive failures making an
    /// interruption and the MTBF interval at `confidence`.
    public init(runs: [[Sample]], failuresToInterrupt: Int, confidence: Double, resamples: Int = 999, seed: UInt64 = 18) {
        let observed = runs.filter { !$0.isEmpty }
        let windows = observed.map { run in
            (start: run.map(\.intendedNs).min()!, end: run.map(\.intendedNs).max()!)
        }.sorted { $0.start < $1.start }
        let all = observed.flatMap { $0 }
        let episodes = InterruptionEpisode.find(in: all, failuresToInterrupt: failuresToInterrupt)
        let lastNs = windows.last?.end ?? 0
        var downNs: Int64 = 0
        var windowDownNs = [Int64](repeating: 0, count: windows.count)
        var spanning = 0
        for episode in episodes {
            let end = episode.endNs ?? lastNs
            var touched = 0
            for (w, window) in windows.enumerated() {
                let overlap = Swift.min(end, window.end) - Swift.max(episode.startNs, window.start)
                if overlap > 0 {
                    downNs += overlap
                    windowDownNs[w] += overlap
                }
                // A window the episode reaches into, even at its first heartbeat, is one it spans.
                if episode.startNs <= window.end && end >= window.start && !(end == window.start && episode.endNs != nil) {
                    touched += 1
                }
            }
            if touched > 1 { spanning += 1 }
        }
        let observedNs = windows.reduce(Int64(0)) { $0 + ($1.end - $1.start) }
        self.runs = observed.count
        self.attempts = all.count
        self.failures = all.filter { $0.errorClass != nil }.count
        self.interruptions = episodes.count
        self.spanningRuns = spanning
        self.episodes = episodes
        self.observedUs = Double(observedNs) / 1000
        self.downUs = Double(downNs) / 1000
        let upUs = Swift.max(0, observedUs - downUs)
        self.availability = observedNs > 0 ? upUs / observedUs : nil
        self.mtbf = MTBFEstimate(interruptions: episodes.count, timeAtRiskUs: upUs, confidence: confidence)
        self.resamples = resamples
        let bounds = Self.downBounds(all, windows: windows, episodes: episodes)
        self.maxDownUs = Double(bounds.maxNs) / 1000
        self.minDownUs = Double(bounds.minNs) / 1000
        guard observedNs > 0 else { return }
        let perRun = zip(windows, windowDownNs).map { (observed: Double($0.end - $0.start), down: Double($1)) }
        var generator = SeededGenerator(seed: seed)
        var replicates: [Double] = []
        replicates.reserveCapacity(resamples)
        for _ in 0..<resamples {
            var observedSum = 0.0, downSum = 0.0
            for _ in 0..<perRun.count {
                let run = perRun[generator.index(below: perRun.count)]
                observedSum += run.observed
                downSum += run.down
            }
            if observedSum > 0 { replicates.append(Swift.max(0, 1 - downSum / observedSum)) }
        }
        replicates.sort()
        let alpha = 1 - confidence
        let point = availability!
        let low = replicates.isEmpty ? point : Swift.min(point, Quantile.ofSorted(replicates, alpha / 2))
        let high = replicates.isEmpty ? point : Swift.max(point, Quantile.ofSorted(replicates, 1 - alpha / 2))
        self.availabilityLower = Swift.max(0, low - Swift.max(0, maxDownUs - downUs) / observedUs)
        self.availabilityUpper = Swift.min(1, high + Swift.max(0, downUs - minDownUs) / observedUs)
    }

    /// The most down-time the heartbeats allow (each stretch of failures inside a window, from the
    /// heartbeat before it to the one after it, both within the window) and the least (each
    /// interruption from its first to its last failure inside each window).
    static func downBounds(_ heartbeats: [Sample], windows: [(start: Int64, end: Int64)],
                           episodes: [InterruptionEpisode]) -> (maxNs: Int64, minNs: Int64) {
        let beats = heartbeats.sorted { $0.intendedNs < $1.intendedNs }
        // Which window each heartbeat belongs to (windows are sorted and do not overlap).
        var windowOf: [Int] = []
        var w = 0
        for beat in beats {
            while w + 1 < windows.count && beat.intendedNs > windows[w].end { w += 1 }
            windowOf.append(w)
        }
        var maxNs: Int64 = 0, minNs: Int64 = 0
        var i = 0
        while i < beats.count {
            guard beats[i].errorClass != nil else { i += 1; continue }
            var j = i
            while j + 1 < beats.count && beats[j + 1].errorClass != nil && windowOf[j + 1] == windowOf[i] { j += 1 }
            let before = i > 0 && windowOf[i - 1] == windowOf[i] ? beats[i - 1].intendedNs : beats[i].intendedNs
            let after = j + 1 < beats.count && windowOf[j + 1] == windowOf[j] ? beats[j + 1].intendedNs : beats[j].intendedNs
            maxNs += after - before
            let first = beats[i].intendedNs, last = beats[j].intendedNs
            if episodes.contains(where: { $0.startNs <= first && last < ($0.endNs ?? Int64.max) }) { minNs += last - first }
            i = j + 1
        }
        return (maxNs, minNs)
    }
}
