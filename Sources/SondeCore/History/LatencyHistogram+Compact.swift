/// A compact, lossless byte form of a `LatencyHistogram` for per-run summaries, and reading
/// values at given ranks (what order-statistic intervals need).
///
/// Layout: a version byte (1), the exact maximum, then per non-empty bucket in ascending order
/// the bucket's highest equivalent value as a difference from the previous one, and its count;
/// every integer unsigned LEB128. With three significant digits neighbouring buckets differ by
/// little, so a bucket costs about three bytes where the text form (`encoded()`) needs about
/// twelve: the summaries of a month of 5-minute runs stay a small fraction of the raw samples.
extension LatencyHistogram {
    /// The histogram as bytes (`init?(compact:)` reads them back).
    public func compact() -> [UInt8] {
        var bytes: [UInt8] = [1]
        Self.putVarint(maxUs, into: &bytes)
        var previous: UInt64 = 0
        for bucket in buckets {
            Self.putVarint(bucket.valueUs - previous, into: &bytes)
            Self.putVarint(bucket.count, into: &bytes)
            previous = bucket.valueUs
        }
        return bytes
    }

    /// Reads `compact()`; `nil` for bytes in another form (unknown version, truncated).
    public init?(compact bytes: [UInt8]) {
        self.init()
        guard bytes.first == 1 else { return nil }
        var offset = 1
        guard let max = Self.varint(bytes, &offset) else { return nil }
        var value: UInt64 = 0
        while offset < bytes.count {
            guard let delta = Self.varint(bytes, &offset), let count = Self.varint(bytes, &offset) else { return nil }
            let (sum, overflow) = value.addingReportingOverflow(delta)
            // The top bucket's highest equivalent value may exceed the highest trackable value
            // (recording clamps it back into that bucket); far beyond is not this encoding.
            guard !overflow, sum <= 2 * Self.highestTrackableUs else { return nil }
            value = sum
            record(Int64(value), count: count)
        }
        // The buckets' highest equivalent values may exceed the true maximum; the exact one wins.
        if count > 0 { maxUs = max }
    }

    /// The values at the 1-based `ranks` (ascending or not) of the recorded values, each the
    /// highest value equivalent to its bucket (within 0.1% of the value recorded), capped at the
    /// exact maximum. A rank outside 1...count gives `nil`.
    public func values(atRanks ranks: [Int]) -> [Double?] {
        let order = ranks.indices.sorted { ranks[$0] < ranks[$1] }
        var result = [Double?](repeating: nil, count: ranks.count)
        var cumulative = 0
        var next = 0
        let total = count
        for bucket in buckets {
            cumulative += Int(bucket.count)
            while next < order.count, ranks[order[next]] <= cumulative {
                let rank = ranks[order[next]]
                if rank >= 1 && rank <= total { result[order[next]] = Double(Swift.min(bucket.valueUs, maxUs)) }
                next += 1
            }
            if next == order.count { break }
        }
        return result
    }

    static func putVarint(_ value: UInt64, into bytes: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7f) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    static func varint(_ bytes: [UInt8], _ offset: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count, shift < 64 {
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7f) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }
}
