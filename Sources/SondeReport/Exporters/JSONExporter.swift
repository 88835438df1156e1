import Foundation
import SondeCore

/// The JSON report, schema `sonde.report/1` (docs/json-report.md): sorted keys, so the same
/// report gives the same bytes.
public struct JSONExporter: Exporter {
    public init() {}

    public func export(_ input: ReportInput) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        // Encoding plain value types cannot fail; a failure here is a programming error.
        let data = try! encoder.encode(input.document)
        return Array(data) + [UInt8(ascii: "\n")]
    }

    /// Reads a JSON report back, e.g. a committed CI baseline.
    public static func decode(_ bytes: [UInt8]) throws -> ReportDocument {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(ReportDocument.self, from: Data(bytes))
    }
}
