import SondeCore

/// What the availability strip draws: per provider, consecutive episodes of one state over the
/// run. A heartbeat probe will feed it directly; until then it is derived from the latency
/// probe's attempts per time slice (`fromSamples`).
public struct AvailabilityStrip: Sendable, Equatable {
    /// A provider's state during an episode.
    public enum State: String, Sendable {
        /// Every attempt succeeded.
        case up
        /// Some attempts failed.
        case degraded
        /// Every attempt failed.
        case down
        /// No attempt was made.
        case unknown
    }

    /// One stretch of time in one state, seconds since the run started.
    public struct Episode: Sendable, Equatable {
        public var startS: Double
        public var endS: Double
        public var state: State

        public init(startS: Double, endS: Double, state: State) {
            self.startS = startS
            self.endS = endS
            self.state = state
        }
    }

    /// One provider's episodes, in time order, and its attempt counts.
    public struct Row: Sendable, Equatable {
        public var provider: String
        public var episodes: [Episode]
        public var attempts: Int
        public var failures: Int

        public init(provider: String, episodes: [Episode], attempts: Int, failures: Int) {
            self.provider = provider
            self.episodes = episodes
            self.attempts = attempts
            self.failures = failures
        }

        /// Seconds spent in `state`.
        public func seconds(_ state: State) -> Double {
            episodes.filter { $0.state == state }.reduce(0.0) { sum, e in sum + e.endS - e.startS }
        }
    }

    public var durationS: Double
    public var rows: [Row]
    /// Where the states come from, for the caption (e.g. "latency probe attempts per 1 s slice").
    public var source: String

    public init(durationS: Double, rows: [Row], source: String) {
        self.durationS = durationS
        self.rows = rows
        self.source = source
    }

    /// Episodes from attempts: the run is cut into `slices` equal slices, each slice's state is
    /// up, degraded or down by its share of failed attempts, and equal neighbours merge.
    public static func fromSamples(_ data: RunData, slices: Int = 60) -> AvailabilityStrip {
        let start = data.run.info.startedNs
        let end = max(data.series.flatMap { $0.samples.map(\.startedNs) }.max() ?? start, data.run.finishedNs ?? start)
        let duration = max(Double(end - start) / 1e9, 1e-3)
        let width = duration / Double(slices)
        let rows = data.series.map { series -> Row in
            var counts = Array(repeating: (attempts: 0, failures: 0), count: slices)
            for sample in series.samples {
                let index = min(max(Int(Double(sample.startedNs - start) / 1e9 / width), 0), slices - 1)
                counts[index].attempts += 1
                if !sample.succeeded { counts[index].failures += 1 }
            }
            var episodes: [Episode] = []
            for (i, c) in counts.enumerated() {
                let state: State = c.attempts == 0 ? .unknown : c.failures == 0 ? .up : c.failures == c.attempts ? .down : .degraded
                if let last = episodes.last, last.state == state {
                    episodes[episodes.count - 1].endS = Double(i + 1) * width
                } else {
                    episodes.append(Episode(startS: Double(i) * width, endS: Double(i + 1) * width, state: state))
                }
            }
            return Row(provider: series.provider.name, episodes: episodes, attempts: series.samples.count,
                       failures: series.samples.filter { !$0.succeeded }.count)
        }
        return AvailabilityStrip(durationS: duration, rows: rows,
                                 source: "latency probe attempts per \(SVGNumber.label(width)) s slice")
    }
}
