import Testing
@testable import SondeCore

/// `Sample` keeps its optional fields in sentinel-coded storage: every value and every `nil`
/// must read back as written, at 104 bytes a sample (issue 17: 4 × 1,000,000 in a report).
@Suite struct SampleTests {
    @Test func optionalFieldsReadBackAsWritten() {
        var s = Sample(providerID: 3, probe: .load, sequence: 7, intendedNs: 1, startedNs: 2, dnsUs: 0, connectUs: nil,
                       tlsUs: -5, ttfbUs: Int64.max, totalUs: 42, bytes: 612, httpStatus: 200, errorClass: nil)
        #expect(s.dnsUs == 0 && s.connectUs == nil && s.tlsUs == -5 && s.ttfbUs == Int64.max && s.totalUs == 42)
        #expect(s.httpStatus == 200 && s.correctedUs == nil && s.uploadBytes == nil && s.succeeded)
        s.correctedUs = 99
        s.uploadBytes = 1 << 40
        s.totalUs = nil
        s.httpStatus = nil
        s.errorClass = .timeout
        #expect(s.correctedUs == 99 && s.uploadBytes == 1 << 40 && s.totalUs == nil && s.httpStatus == nil && !s.succeeded)
        var t = s
        t.correctedUs = nil
        #expect(t != s && t.correctedUs == nil)
        #expect(MemoryLayout<Sample>.stride <= 104)
    }
}
