import Foundation
import SondeCore

/// Bencher Metric Format (https://bencher.dev/docs/reference/bencher-metric-format/): a JSON
/// object of benchmarks (here `<provider>/latency`, and `<provider>/errors` for the error
/// rate), each an object of measures whose `value` has `lower_value` and `upper_value`.
/// Carries `BenchmarkFigures` (latency quantiles with order-statistic intervals, error rate
/// with Wilson bounds), not the report's sections. Keys are sorted: same run, same bytes.
public struct BMFExporter: Exporter {
    /// An exporter; it has no options.
    public init() {}

    struct Metric: Encodable {
        var value: Double
        var lowerValue: Double
        var upperValue: Double
    }

    /// The BMF document, pretty-printed.
    public func export(_ input: ReportInput) -> [UInt8] {
        var document: [String: [String: Metric]] = [:]
        for figure in BenchmarkFigures(input).figures {
            let benchmark = "\(figure.provider)/\(figure.measure == "error-rate" ? "errors" : "latency")"
            document[benchmark, default: [:]][figure.measure] = Metric(value: figure.value, lowerValue: figure.lower,
                                                                        upperValue: figure.upper)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        // Every figure is finite (quantiles and bounds of finite samples); encoding cannot fail.
        let data = try! encoder.encode(document)
        return Array(data) + [UInt8(ascii: "\n")]
    }
}
