import Foundation
import SondeCore

/// github-action-benchmark's `customSmallerIsBetter` input
/// (https://github.com/benchmark-action/github-action-benchmark#examples, "Custom benchmarks"):
/// a JSON array of `{name, unit, value, range, extra}`. Carries `BenchmarkFigures`; the tool
/// has no interval, so `range` is the larger distance from the value to a bound (`±x`) and
/// `extra` states the interval and the count in words. Not the report's sections.
public struct GABExporter: Exporter {
    /// An exporter; it has no options.
    public init() {}

    struct Entry: Encodable {
        var name: String
        var unit: String
        var value: Double
        var range: String
        var extra: String
    }

    /// The JSON array, pretty-printed.
    public func export(_ input: ReportInput) -> [UInt8] {
        let confidence = Int((BenchmarkFigures.confidence * 100).rounded())
        let entries = BenchmarkFigures(input).figures.map { figure in
            let spread = max(figure.value - figure.lower, figure.upper - figure.value)
            return Entry(name: "\(figure.provider) \(figure.measure)", unit: figure.unit, value: figure.value,
                         range: "±\(Self.number(spread))",
                         extra: "\(confidence)% interval [\(Self.number(figure.lower)), \(Self.number(figure.upper))] from \(figure.count) "
                             + (figure.measure == "error-rate" ? "attempts" : "successful attempts"))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try! encoder.encode(entries)
        return Array(data) + [UInt8(ascii: "\n")]
    }

    /// A number as the trackers show it: up to six significant digits, no exponent for common sizes.
    static func number(_ value: Double) -> String {
        String(format: "%.6g", value)
    }
}
