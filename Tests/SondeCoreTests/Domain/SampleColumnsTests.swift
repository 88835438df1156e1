import Testing
@testable import SondeCore

/// The columnar store of samples gives back every sample as appended, whatever its values, and
/// is small for the values a latency run has (issue 17).
struct SampleColumnsTests {
    /// A latency attempt as the probe records it: on schedule, warm connection, 1% refused.
    static func latency(_ i: Int64, total: Int64) -> Sample {
        let refused = i % 100 == 7
        return Sample(providerID: 3, probe: .latency, sequence: i, intendedNs: 1_764_000_000_000_000_000 + i * 83_333_333,
                      startedNs: 1_764_000_000_000_000_000 + i * 83_333_333 + 20_000 + (i * 7919) % 90_000,
                      dnsUs: 15 + i % 25, connectUs: refused ? nil : 100 + i % 60, tlsUs: refused ? nil : 1_000 + (i * 31) % 700,
                      ttfbUs: refused ? nil : total - 400, totalUs: refused ? nil : total, bytes: refused ? 0 : 612,
                      httpStatus: refused ? nil : 200, errorClass: refused ? .refused : nil)
    }

    @Test func latencyRunRoundTripsInFewBytes() {
        let samples = (0..<5_000).map { Self.latency(Int64($0), total: 30_000 + Int64($0 * 7_717 % 40_000)) }
        let columns = SampleColumns(samples)
        #expect(Array(columns) == samples)
        // 4-byte start delay, TLS, first byte and total; 1-byte DNS, connect, bytes, status, error.
        #expect(columns.bytesPerSample == 21)
        #expect(columns.indices.filter(columns.succeeded(at:)).count == samples.filter(\.succeeded).count)
    }

    @Test func valuesThatDoNotFitWidenTheColumn() {
        var samples = (0..<600).map { Self.latency(Int64($0), total: 30_000 + Int64($0)) }
        // Past 256 distinct values, then past ±2³¹ of the first value, then extremes and NULLs.
        samples[400].totalUs = Int64(Int32.max) * 4
        samples[401].bytes = Int64.max
        samples[402].startedNs = Int64.min + 1
        samples[403].correctedUs = 12
        samples[404].uploadBytes = -5
        samples[405].sequence = 0
        var columns = SampleColumns()
        for sample in samples { columns.append(sample) }
        #expect(Array(columns) == samples)
        #expect(columns.bytesPerSample > 21)
    }

    @Test func assignmentAndReplacementKeepTheOtherSamples() {
        let samples = (0..<300).map { Self.latency(Int64($0), total: 40_000 + Int64($0 % 3)) }
        var columns = SampleColumns(samples)
        var changed = samples[10]
        changed.errorClass = .timeout
        changed.totalUs = nil
        changed.uploadBytes = 1 << 40
        columns[10] = changed
        var expected = samples
        expected[10] = changed
        #expect(Array(columns) == expected)
        columns.replaceSubrange(0..<5, with: [samples[299]])
        expected.replaceSubrange(0..<5, with: [samples[299]])
        #expect(Array(columns) == expected)
        #expect(SampleColumns() == [])
    }
}
