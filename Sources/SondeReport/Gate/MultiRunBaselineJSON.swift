import Foundation
import SondeCore

/// The multi-run baseline file, schema `sonde.baseline/1` (docs/json-report.md): per run and
/// provider the statistics the gate's rules compare, with sorted keys so the same runs give the
/// same bytes. Keys are spelled out by the types' coding keys (no key conversion), so the
/// metric names inside `statistics` stay exactly as in a rules file.
public enum MultiRunBaselineJSON {
    /// The document as bytes, newline-terminated.
    public static func encode(_ baseline: MultiRunBaseline) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        // Encoding plain value types cannot fail; a failure here is a programming error.
        return Array(try! encoder.encode(baseline)) + [UInt8(ascii: "\n")]
    }

    /// Whether `bytes` claim to be a multi-run baseline (their `schema` starts `sonde.baseline/`),
    /// without decoding the rest.
    public static func isBaseline(_ bytes: [UInt8]) -> Bool {
        struct Probe: Decodable { var schema: String? }
        let probe = try? JSONDecoder().decode(Probe.self, from: Data(bytes))
        return probe?.schema?.hasPrefix("sonde.baseline/") == true
    }

    /// Reads a multi-run baseline; errors are `DecodingError`s (`JSONExporter.describe` words them).
    public static func decode(_ bytes: [UInt8]) throws -> MultiRunBaseline {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(MultiRunBaseline.self, from: Data(bytes))
    }
}
