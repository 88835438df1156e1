import Testing
@testable import SondeCore

/// The packed columns of `sonde.report/2`: byte-exact against an independent implementation,
/// lossless at the extremes, and every malformed column rejected with its reason.
@Suite struct DeltaVarintColumnTests {
    static let values: [Int64] = [30000, 29850, 31002, 0, -1, 612, .max, .min, 5]

    /// Expected bytes from a separate Python implementation of the same steps:
    /// python3 -c '
    /// import base64
    /// def zz(d): return ((d << 1) ^ (d >> 63)) & (2**64-1)
    /// def leb(u):
    ///   out=bytearray()
    ///   while u>=0x80: out.append((u&0x7f)|0x80); u>>=7
    ///   out.append(u); return out
    /// vals=[30000, 29850, 31002, 0, -1, 612, 2**63-1, -2**63, 5]
    /// prev=0; buf=bytearray()
    /// for v in vals:
    ///   d=((v-prev+2**63)%2**64)-2**63
    ///   buf+=leb(zz(d)); prev=v
    /// print(base64.b64encode(buf).decode(), len(buf))'
    /// → 4NQDqwKAErPkAwHKCbb2/////////wEC9f//////////AQ== 34
    static let python = "4NQDqwKAErPkAwHKCbb2/////////wEC9f//////////AQ=="

    @Test func matchesAnIndependentEncoder() throws {
        let packed = DeltaVarintColumn(Self.values)
        #expect(packed.count == 9)
        #expect(packed.varints.count == 34)
        #expect(packed.base64 == Self.python)
        let read = try DeltaVarintColumn(base64: Self.python, count: 9)
        #expect(read.values == Self.values)
        #expect(read == packed)
    }

    @Test func appendingAfterReadingContinuesTheDifferences() throws {
        var read = try DeltaVarintColumn(base64: Self.python, count: 9)
        read.append(7)
        var whole = Self.values
        whole.append(7)
        #expect(read == DeltaVarintColumn(whole))
        #expect(read.values == whole)
    }

    @Test func typicalLatencyTotalsTakeAboutThreeBytes() {
        // Independent totals around 30 ms (a spread of ±15 ms): differences under 2^20 µs.
        var generator = SeededGenerator(seed: 7)
        let totals = (0..<10_000).map { _ in Int64(15_000 + generator.next() % 30_000) }
        let packed = DeltaVarintColumn(totals)
        #expect(packed.values == totals)
        #expect(packed.varints.count < 3 * totals.count)
        #expect(packed.varints.count > 2 * totals.count)
        #expect(DeltaVarintColumn([Int64](repeating: 612, count: 1000)).varints.count == 2 + 999)
    }

    @Test func emptyColumn() throws {
        #expect(DeltaVarintColumn().base64 == "")
        #expect(try DeltaVarintColumn(base64: "", count: 0).values == [])
    }

    @Test func malformedColumnsAreRejected() {
        #expect(throws: DeltaVarintColumn.DecodeError.notBase64) { try DeltaVarintColumn(base64: "4NQD*", count: 1) }
        // 0x80: a varint whose continuation never comes.
        #expect(throws: DeltaVarintColumn.DecodeError.truncatedVarint) { try DeltaVarintColumn(base64: "gA==", count: 1) }
        // Eleven bytes of 0xff, and a tenth byte above 1: both longer than 64 bits.
        #expect(throws: DeltaVarintColumn.DecodeError.overlongVarint) { try DeltaVarintColumn(base64: "//////////////8=", count: 1) }
        #expect(throws: DeltaVarintColumn.DecodeError.overlongVarint) { try DeltaVarintColumn(base64: "////////////Ag==", count: 1) }
        #expect(throws: DeltaVarintColumn.DecodeError.wrongCount(expected: 8, found: 9)) { try DeltaVarintColumn(base64: Self.python, count: 8) }
    }
}
