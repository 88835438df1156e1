import Foundation

/// A column of 64-bit integers packed the way the JSON report (`sonde.report/2`) carries raw
/// samples: each value's difference from the one before (the first from 0), zigzag-mapped so
/// that small negative differences stay small (0, -1, 1, -2 → 0, 1, 2, 3, as in protobuf's
/// `sint64`), written as unsigned LEB128 varints (7 bits a byte, high bit set on all but the
/// last byte), and the bytes as standard base64 (RFC 4648 §4, padded) in the document.
///
/// Lossless for every `Int64` (differences wrap modulo 2^64 and unwrap the same way). Latency
/// totals of a few tens of milliseconds take 2–3 varint bytes, a constant body size 1, so a
/// success costs about 5 base64 characters instead of about 30 as JSON numbers (issue 17).
public struct DeltaVarintColumn: Sendable, Equatable {
    /// How many values the column holds.
    public private(set) var count = 0
    /// The varint bytes (before base64).
    public private(set) var varints: [UInt8] = []
    /// The last value appended, the base of the next difference.
    private var last: Int64 = 0

    /// The name of this encoding in the document's `encoding` field.
    public static let encodingName = "delta-zigzag-leb128-base64"

    /// An empty column.
    public init() {}

    /// A column of `values`, in order.
    public init(_ values: some Sequence<Int64>) {
        for value in values { append(value) }
    }

    /// Reserves room for about `count` more values of typical latency size (3 bytes each).
    public mutating func reserveCapacity(_ count: Int) {
        varints.reserveCapacity(varints.count + 3 * count)
    }

    /// Appends one value.
    public mutating func append(_ value: Int64) {
        let delta = value &- last
        last = value
        count += 1
        var zigzag = UInt64(bitPattern: (delta << 1) ^ (delta >> 63))
        while zigzag >= 0x80 {
            varints.append(UInt8(truncatingIfNeeded: zigzag) | 0x80)
            zigzag >>= 7
        }
        varints.append(UInt8(zigzag))
    }

    /// Calls `body` with every value, in order.
    @inlinable public func forEach(_ body: (Int64) throws -> Void) rethrows {
        try Self.walk(varints) { try body($0) }
    }

    /// The values, in order.
    public var values: [Int64] {
        var result: [Int64] = []
        result.reserveCapacity(count)
        forEach { result.append($0) }
        return result
    }

    /// The varints as base64, as the document writes them.
    public var base64: String { Data(varints).base64EncodedString() }

    /// Why a packed column does not decode.
    public enum DecodeError: Error, Equatable, CustomStringConvertible {
        case notBase64
        case truncatedVarint
        case overlongVarint
        case wrongCount(expected: Int, found: Int)

        public var description: String {
            switch self {
            case .notBase64: return "not base64 (RFC 4648, padded)"
            case .truncatedVarint: return "the last varint is cut short"
            case .overlongVarint: return "a varint longer than 64 bits"
            case let .wrongCount(expected, found): return "holds \(found) values, count says \(expected)"
            }
        }
    }

    /// Reads a column the document wrote: base64 of varints that must hold exactly `count` values.
    public init(base64: String, count expected: Int) throws(DecodeError) {
        guard let data = Data(base64Encoded: base64) else { throw .notBase64 }
        let bytes = [UInt8](data)
        // Validate the whole stream once, so that reading the values later cannot fail.
        var found = 0, shift: UInt64 = 0, value: Int64 = 0
        for byte in bytes {
            if shift == 63 && byte > 1 { throw .overlongVarint }
            if byte & 0x80 != 0 {
                shift += 7
                if shift > 63 { throw .overlongVarint }
            } else {
                found += 1
                shift = 0
            }
        }
        if shift != 0 { throw .truncatedVarint }
        guard found == expected else { throw .wrongCount(expected: expected, found: found) }
        varints = bytes
        count = found
        Self.walk(bytes) { value = $0 }
        last = value
    }

    /// Decodes `bytes` (valid varints) value by value.
    @usableFromInline static func walk(_ bytes: [UInt8], _ body: (Int64) throws -> Void) rethrows {
        var value: Int64 = 0, accumulator: UInt64 = 0, shift: UInt64 = 0
        for byte in bytes {
            accumulator |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 != 0 {
                shift += 7
                continue
            }
            let delta = Int64(bitPattern: (accumulator >> 1) ^ (0 &- (accumulator & 1)))
            value = value &+ delta
            try body(value)
            accumulator = 0
            shift = 0
        }
    }
}
