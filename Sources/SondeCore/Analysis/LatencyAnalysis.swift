/// Per-provider latency statistics of one run: attempts, errors by class, and descriptive
/// statistics of the total time and of every phase, over successful attempts only (see the
/// statistics conventions in ARCHITECTURE.md). Values are in microseconds.
public struct LatencyAnalysis: Sendable, Codable, Equatable {
    /// The run the numbers come from.
    public struct RunSummary: Sendable, Codable, Equatable {
        public var id: String
        public var label: String?
        public var vantage: String?
        public var status: String
        public var startedNs: Int64
        public var finishedNs: Int64?
    }

    /// One provider's numbers.
    public struct ProviderLatency: Sendable, Codable, Equatable {
        public var provider: Provider
        public var attempts: Int
        public var successes: Int
        /// Failed attempts per error class, in the vocabulary's order.
        public var errors: [ErrorCount]
        /// Statistics per phase (the total first); `stats` is nil where no success had that phase.
        public var phases: [PhaseStatistics]

        /// Failed attempts.
        public var errorCount: Int { attempts - successes }

        /// Statistics of the total time, if any attempt succeeded.
        public var total: Descriptive? { phases.first { $0.phase == .total }?.stats }
    }

    /// How many attempts failed with one error class.
    public struct ErrorCount: Sendable, Codable, Equatable {
        public var errorClass: ErrorClass
        public var count: Int

        public init(errorClass: ErrorClass, count: Int) {
            self.errorClass = errorClass
            self.count = count
        }
    }

    /// Statistics of one phase.
    public struct PhaseStatistics: Sendable, Codable, Equatable {
        public var phase: Phase
        public var stats: Descriptive?
    }

    public var run: RunSummary
    public var providers: [ProviderLatency]

    /// Analyses the stored samples of a run. Pure: the same data gives the same numbers.
    public init(_ data: RunData) {
        let record = data.run
        run = RunSummary(id: record.info.id, label: record.info.label, vantage: record.info.vantage,
                         status: record.status.rawValue, startedNs: record.info.startedNs, finishedNs: record.finishedNs)
        providers = data.series.map(Self.analyse)
    }

    static let phaseOrder: [Phase] = [.total, .dns, .connect, .tls, .firstByte, .transfer]

    static func analyse(_ series: ProviderSeries) -> ProviderLatency {
        var errorCounts: [ErrorClass: Int] = [:]
        var successes = 0
        for sample in series.samples {
            if sample.succeeded {
                successes += 1
            } else {
                errorCounts[sample.errorClass ?? .other, default: 0] += 1
            }
        }
        // One phase's values at a time, straight from the samples: no copy of the successful
        // rows (a million of them weigh ~180 MB).
        let phases = phaseOrder.map { phase in
            var values: [Double] = []
            values.reserveCapacity(successes)
            for sample in series.samples where sample.succeeded {
                if let us = phase.durationUs(of: sample) { values.append(Double(us)) }
            }
            return PhaseStatistics(phase: phase, stats: Descriptive(values))
        }
        let errors = errorCounts.sorted { $0.key < $1.key }.map { ErrorCount(errorClass: $0.key, count: $0.value) }
        return ProviderLatency(provider: series.provider, attempts: series.samples.count, successes: successes,
                               errors: errors, phases: phases)
    }
}
