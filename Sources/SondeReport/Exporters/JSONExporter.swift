import Foundation
import SondeCore

/// The JSON report, schema `sonde.report/2` (docs/json-report.md): sorted keys, so the same
/// report gives the same bytes.
public struct JSONExporter: Exporter {
    public init() {}

    public func export(_ input: ReportInput) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        // Encoding plain value types cannot fail; a failure here is a programming error.
        let data = try! encoder.encode(ReportModel(input).document)
        // One copy of the encoded bytes, not two (a report of 4 x 1M samples is tens of MB).
        var bytes = [UInt8]()
        bytes.reserveCapacity(data.count + 1)
        bytes.append(contentsOf: data)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// Reads a JSON report back, e.g. a committed CI baseline.
    public static func decode(_ bytes: [UInt8]) throws -> ReportDocument {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(ReportDocument.self, from: Data(bytes))
    }

    /// One line naming what is wrong with a document that does not decode, and where
    /// (`providers[2].attempts: missing field`), for the gate's exit-65 message.
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)".split(separator: "\n").first.map(String.init) ?? "" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\(snakeCase($0.stringValue))" }.joined()
            return keys.isEmpty ? "document" : String(keys.drop { $0 == "." })
        }
        func line(_ text: String) -> String { text.split(separator: "\n").first.map(String.init) ?? "" }
        switch error {
        case let .keyNotFound(key, context): return "\(path(context)): missing field \(snakeCase(key.stringValue))"
        case let .typeMismatch(_, context), let .valueNotFound(_, context): return "\(path(context)): \(line(context.debugDescription))"
        case let .dataCorrupted(context): return "\(path(context)): \(line(context.debugDescription))"
        @unknown default: return line("\(error)")
        }
    }

    /// A coding key as the document spells it (`totalUsPacked` → `total_us_packed`).
    static func snakeCase(_ key: String) -> String {
        var result = ""
        for character in key {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }
}
