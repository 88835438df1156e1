/// Per-provider throughput of the bandwidth probe, downloads and uploads apart. The rate of a
/// transfer excludes the time to first byte so that latency does not pollute throughput:
/// download bytes/s = `bytes / (total_us - ttfb_us)`; upload bytes/s =
/// `upload_bytes / (total_us - coalesce(tls_us, connect_us, dns_us, 0))`: the body is sent once
/// the connection is ready and the small answer comes once the server has read it (libcurl
/// 7.x marks an upload's "first byte" when the upload starts, so `ttfb_us` cannot end it).
public struct ThroughputAnalysis: Sendable, Equatable {
    public enum Direction: String, Sendable, Equatable {
        case download
        case upload
    }

    /// One provider, one direction.
    public struct Row: Sendable, Equatable {
        public var provider: Provider
        public var direction: Direction
        public var transfers: Int
        public var errors: [LatencyAnalysis.ErrorCount]
        /// Bytes per second of successful transfers.
        public var rates: [Double]
        /// Median and mean of `rates`.
        public var medianRate: Double?
        public var meanRate: Double?
        /// Percentile bootstrap interval of the mean rate (2,000 i.i.d. resamples, seeded).
        public var meanInterval: (lower: Double, upper: Double)?
        /// Median time to first byte, microseconds.
        public var medianTTFBUs: Double?
        /// Bytes moved by one successful transfer (the largest seen).
        public var bytes: Int64

        public static func == (lhs: Row, rhs: Row) -> Bool {
            lhs.provider == rhs.provider && lhs.direction == rhs.direction && lhs.rates == rhs.rates
                && lhs.transfers == rhs.transfers && lhs.errors == rhs.errors
        }
    }

    public var rows: [Row]
    public var confidence: Double

    /// Analyses the bandwidth samples of each provider (samples of other probes are ignored).
    public init(_ series: [ProviderSeries], confidence: Double = 0.95) {
        self.confidence = confidence
        var rows: [Row] = []
        for provider in series {
            let samples: [Sample] = provider.samples.filter { $0.probe == .bandwidth }
            for direction in [Direction.download, .upload] {
                let mine = samples.filter { ($0.uploadBytes != nil) == (direction == .upload) }
                guard !mine.isEmpty else { continue }
                rows.append(Self.row(provider.provider, direction, mine, confidence: confidence))
            }
        }
        self.rows = rows
    }

    /// The rate of one successful transfer in bytes/s, or nil when it cannot be computed.
    public static func rate(of sample: Sample) -> Double? {
        guard sample.succeeded, let total = sample.totalUs, let ttfb = sample.ttfbUs else { return nil }
        if let upload = sample.uploadBytes {
            let ready = sample.tlsUs ?? sample.connectUs ?? sample.dnsUs ?? 0
            let us = total - ready
            return us > 0 ? Double(upload) / (Double(us) / 1e6) : nil
        }
        let us = total - ttfb
        return us > 0 ? Double(sample.bytes) / (Double(us) / 1e6) : nil
    }

    static func row(_ provider: Provider, _ direction: Direction, _ samples: [Sample], confidence: Double) -> Row {
        let rates = samples.compactMap(rate(of:))
        var errorCounts: [ErrorClass: Int] = [:]
        for sample in samples { if let error = sample.errorClass { errorCounts[error, default: 0] += 1 } }
        let ttfbs = samples.filter(\.succeeded).compactMap(\.ttfbUs).map(Double.init)
        return Row(provider: provider, direction: direction, transfers: samples.count,
                   errors: errorCounts.sorted { $0.key < $1.key }.map { .init(errorClass: $0.key, count: $0.value) },
                   rates: rates, medianRate: rates.isEmpty ? nil : Quantile.of(rates, 0.5),
                   meanRate: rates.isEmpty ? nil : rates.reduce(0, +) / Double(rates.count),
                   meanInterval: MeanInterval.bootstrap(rates, confidence: confidence),
                   medianTTFBUs: ttfbs.isEmpty ? nil : Quantile.of(ttfbs, 0.5),
                   bytes: samples.filter(\.succeeded).map { $0.uploadBytes ?? $0.bytes }.max() ?? 0)
    }
}
