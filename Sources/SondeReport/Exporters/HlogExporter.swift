import Foundation
import SondeCore

/// HdrHistogram interval logs (log format 1.3, as Java's `HistogramLogWriter` writes them and
/// `HistogramLogReader`/`HistogramLogProcessor` and HdrHistogram_py read them): one line per
/// interval histogram, tagged, its histogram in the V2 compressed encoding (`HdrV2Encoding`),
/// base64. Carries, for each provider,
/// - `load/<provider>/corrected` and `load/<provider>/uncorrected`: the load probe's stored
///   per-interval histograms (latency from the intended and from the actual send), as stored;
/// - `latency/<provider>`: the latency probe's successful total times grouped by the interval
///   their attempt started in, every `interval` seconds from the run's start.
/// Values are microseconds; `Interval_Max` is in milliseconds (a max-value unit ratio of 1000);
/// timestamps are seconds after `BaseTime`, the run's start. Intervals without a success are
/// left out. Not the report's sections.
public struct HlogExporter: Exporter {
    /// The latency probe's grouping interval in seconds.
    public var interval: Double

    /// `interval`: seconds per latency interval (the load probe's intervals are its own).
    public init(interval: Double = 10) {
        self.interval = interval
    }

    /// One interval histogram of the log.
    public struct Interval {
        /// `load/<provider>/corrected`, `load/<provider>/uncorrected` or `latency/<provider>`.
        public var tag: String
        /// Start, nanoseconds since the Unix epoch.
        public var startNs: Int64
        /// Length, nanoseconds (the load probe's own interval, or `interval` for latency).
        public var lengthNs: Int64
        /// Successful requests' latency in the interval, microseconds.
        public var histogram: LatencyHistogram
    }

    /// The same histogram geometry as `LatencyHistogram` (1 µs to one hour, three digits).
    static let encoding = HdrV2Encoding(highestTrackableValue: LatencyHistogram.highestTrackableUs, significantDigits: 3)

    /// Every interval the log carries, in the order written: by start time, then tag.
    public func intervals(_ input: ReportInput) -> [Interval] {
        var result: [Interval] = []
        for (provider, intervals) in input.loadIntervals {
            let name = Self.tagSafe(provider.name)
            for interval in intervals {
                result.append(Interval(tag: "load/\(name)/corrected", startNs: interval.startNs, lengthNs: interval.intervalNs,
                                       histogram: interval.corrected))
                result.append(Interval(tag: "load/\(name)/uncorrected", startNs: interval.startNs, lengthNs: interval.intervalNs,
                                       histogram: interval.uncorrected))
            }
        }
        let runStart = input.data.run.info.startedNs
        let lengthNs = Int64((interval * 1e9).rounded())
        if lengthNs > 0 {
            for series in input.data.series {
                var groups: [Int64: LatencyHistogram] = [:]
                for sample in series.samples where sample.succeeded {
                    let slot = (sample.startedNs - runStart) / lengthNs
                    groups[slot, default: LatencyHistogram()].record(sample.totalUs ?? 0)
                }
                let name = Self.tagSafe(series.provider.name)
                for (slot, histogram) in groups {
                    result.append(Interval(tag: "latency/\(name)", startNs: runStart + slot * lengthNs, lengthNs: lengthNs,
                                           histogram: histogram))
                }
            }
        }
        return result.filter { $0.histogram.count > 0 }.sorted { ($0.startNs, $0.tag) < ($1.startNs, $1.tag) }
    }

    /// The log: header lines, then one tagged line per interval of `intervals(input)`.
    public func export(_ input: ReportInput) -> [UInt8] {
        let run = input.data.run.info
        let startSeconds = Double(run.startedNs) / 1e9
        var text = "#[Histogram log format version 1.3]\n"
        text += "#[sonde run \(run.id): values in microseconds, Interval_Max in milliseconds; latency intervals of \(Self.seconds(interval)) s]\n"
        let date = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: startSeconds))
        text += "#[StartTime: \(Self.seconds(startSeconds)) (seconds since epoch), \(date)]\n"
        text += "#[BaseTime: \(Self.seconds(startSeconds)) (seconds since epoch)]\n"
        text += "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n"
        for interval in intervals(input) {
            let encoded = Self.encoding.encode(interval.histogram.buckets.map { (value: $0.valueUs, count: $0.count) })
            let start = Double(interval.startNs - run.startedNs) / 1e9
            let maxMs = Double(interval.histogram.quantile(1) ?? 0) / 1000
            text += "Tag=\(interval.tag),\(Self.seconds(start)),\(Self.seconds(Double(interval.lengthNs) / 1e9)),"
                + "\(Self.seconds(maxMs)),\(Data(encoded).base64EncodedString())\n"
        }
        return Array(text.utf8)
    }

    /// A tag may not hold the log's separators (comma, whitespace) nor `=`.
    static func tagSafe(_ name: String) -> String {
        String(name.map { $0 == "," || $0 == "=" || $0.isWhitespace ? "_" : $0 })
    }

    /// Seconds with millisecond precision, as Java's writer prints them (`%.3f`).
    static func seconds(_ value: Double) -> String { String(format: "%.3f", value) }
}
