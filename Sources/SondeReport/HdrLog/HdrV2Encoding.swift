import CZlib

/// HdrHistogram's V2 compressed encoding of one histogram (HdrHistogram 2.1 `encodeIntoCompressedByteBuffer`;
/// decoded by the Java library, HdrHistogram_py and HdrHistogram_c alike), which hdrhistogram-swift
/// 0.2.0 does not write. Layout, big-endian:
/// `0x1c849314` (compressed cookie, word size 8), the deflated length, then zlib-deflated:
/// `0x1c849313` (V2 cookie), payload length, normalizing index offset 0, significant digits,
/// lowest discernible value, highest trackable value, integer-to-double ratio 1.0 (IEEE bits),
/// then the counts array up to the highest non-zero index as ZigZag LEB128 (at most 9 bytes,
/// the ninth carrying 8 bits), a run of n > 1 zero counts written as −n.
struct HdrV2Encoding {
    var lowestDiscernibleValue: UInt64 = 1
    var highestTrackableValue: UInt64
    var significantDigits: Int

    // Bucket geometry exactly as HdrHistogram's AbstractHistogram constructor derives it.
    private var unitMagnitude: Int { 63 - lowestDiscernibleValue.leadingZeroBitCount }
    private var subBucketHalfCountMagnitude: Int {
        var largest: UInt64 = 2
        for _ in 0..<significantDigits { largest *= 10 }
        let magnitude = 64 - (largest - 1).leadingZeroBitCount  // ceil(log2(largest))
        return max(magnitude, 1) - 1
    }

    /// The index of `value` in HdrHistogram's counts array (`countsArrayIndex`).
    func countsIndex(_ value: UInt64) -> Int {
        let halfMagnitude = subBucketHalfCountMagnitude
        let subBucketMask = (UInt64(1) << (halfMagnitude + 1) - 1) << unitMagnitude
        let leadingZeroCountBase = 64 - unitMagnitude - halfMagnitude - 1
        let bucketIndex = leadingZeroCountBase - (value | subBucketMask).leadingZeroBitCount
        let subBucketIndex = Int(value >> UInt64(bucketIndex + unitMagnitude))
        return ((bucketIndex + 1) << halfMagnitude) + (subBucketIndex - (1 << halfMagnitude))
    }

    /// The compressed encoding of a histogram given as (value, count) pairs, each value any
    /// value of its bucket (e.g. the bucket's highest equivalent value).
    func encode(_ buckets: [(value: UInt64, count: UInt64)]) -> [UInt8] {
        var counts: [Int: UInt64] = [:]
        for bucket in buckets where bucket.count > 0 { counts[countsIndex(bucket.value), default: 0] += bucket.count }
        let limit = (counts.keys.max() ?? -1) + 1
        var varints: [UInt8] = []
        var index = 0
        while index < limit {
            let count = counts[index] ?? 0
            index += 1
            if count == 0 {
                var zeros: Int64 = 1
                while index < limit, counts[index] == nil { zeros += 1; index += 1 }
                Self.putZigZag(zeros > 1 ? -zeros : 0, into: &varints)
            } else {
                Self.putZigZag(Int64(count), into: &varints)
            }
        }
        var payload: [UInt8] = []
        Self.put(UInt32(0x1c84_9313), into: &payload)
        Self.put(UInt32(varints.count), into: &payload)
        Self.put(UInt32(0), into: &payload)
        Self.put(UInt32(significantDigits), into: &payload)
        Self.put(lowestDiscernibleValue, into: &payload)
        Self.put(highestTrackableValue, into: &payload)
        Self.put(Double(1).bitPattern, into: &payload)
        payload += varints
        let deflated = Self.deflate(payload)
        var encoded: [UInt8] = []
        Self.put(UInt32(0x1c84_9314), into: &encoded)
        Self.put(UInt32(deflated.count), into: &encoded)
        return encoded + deflated
    }

    /// ZigZag then LEB128 as HdrHistogram's `ZigZagEncoding.putLong`: 7 bits a byte for eight
    /// bytes, then a ninth byte with the remaining 8 bits.
    static func putZigZag(_ value: Int64, into bytes: inout [UInt8]) {
        var rest = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        for _ in 0..<8 {
            if rest < 0x80 {
                bytes.append(UInt8(rest))
                return
            }
            bytes.append(UInt8(rest & 0x7f) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: rest))
    }

    static func put<T: FixedWidthInteger>(_ value: T, into bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    /// zlib format (RFC 1950) at the default level, as Java's `Deflater` writes it.
    static func deflate(_ input: [UInt8]) -> [UInt8] {
        var length = compressBound(uLong(input.count))
        var output = [UInt8](repeating: 0, count: Int(length))
        let status = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                compress2(destination.baseAddress, &length, source.baseAddress, uLong(input.count), Z_DEFAULT_COMPRESSION)
            }
        }
        // compressBound guarantees room, and the input is in memory: compress2 cannot fail here.
        precondition(status == Z_OK, "zlib compress2 failed with \(status)")
        return Array(output.prefix(Int(length)))
    }
}
