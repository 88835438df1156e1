import Foundation
import Testing
@testable import SondeCore

/// Fixtures written by hand from hey 0.1.4's CSV description (requester/print.go); the real tool
/// is checked end to end in EndToEndTests/HeyImportTests.swift.
struct HeyCSVParserTests {
    static let handWritten = """
        response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset
        0.0031,0.0012,0.0003,0.0001,0.0015,0.0002,200,0.0010
        0.0009,0.0000,0.0000,0.0001,0.0007,0.0001,200,0.0005
        0.0020,0.0000,0.0000,0.0000,0.0019,0.0001,503,0.0045
        0.0011,0.0000,0.0000,0.0001,0.0009,0.0001,200,0.0005

        """

    @Test func handWrittenFromSpecMapsPhasesStatusAndOrder() throws {
        let file = importFile(Self.handWritten)
        let run = try ImportFormat.hey.parse(file)
        #expect(run.probe == .latency)
        #expect(run.endpoint == nil)
        #expect(run.samples.map(\.totalUs) == [900, 1100, 3100, 2000])
        #expect(run.samples.map(\.sequence) == [0, 1, 2, 3])
        // The last request (offset 4.5 ms, 2.0 ms long) ends at the file's modification time.
        let origin = file.modifiedNs - 6_500_000
        #expect(run.samples.map(\.startedNs) == [origin + 500_000, origin + 500_000, origin + 1_000_000, origin + 4_500_000])
        #expect(run.samples.allSatisfy { $0.intendedNs == $0.startedNs })
        let fresh = run.samples[2]
        #expect(fresh.dnsUs == 300 && fresh.connectUs == 1200 && fresh.ttfbUs == 2800 && fresh.tlsUs == nil)
        let reused = run.samples[0]
        #expect(reused.dnsUs == nil && reused.connectUs == nil && reused.ttfbUs == 800)
        #expect(run.samples[3].httpStatus == 503 && run.samples[3].errorClass == .http5xx)
        #expect(run.samples[0].errorClass == nil && run.samples[0].succeeded)
        #expect(run.finishedNs == file.modifiedNs)
    }

    @Test func malformedAndTruncatedFilesNameTheLine() {
        #expect(importError(.hey, "")?.line == 1)
        #expect(importError(.hey, "response-time,DNS\n0.1")?.line == 1)
        let truncated = HeyCSVParserTests.handWritten.split(separator: "\n").prefix(3).joined(separator: "\n") + "\n0.0011,0.00"
        let error = importError(.hey, truncated, name: "cut.csv")
        #expect(error?.line == 4)
        #expect(error?.description.hasPrefix("cut.csv:4: ") == true)
        let badNumber = HeyCSVParserTests.handWritten.replacingOccurrences(of: "0.0020,", with: "abc,")
        #expect(importError(.hey, badNumber)?.line == 4)
        // Cut inside the last number of a row: still eight fields, but not hey's four decimals.
        let cutInOffset = HeyCSVParserTests.handWritten.split(separator: "\n").prefix(3).joined(separator: "\n") + "\n0.0011,0.0000,0.0000,0.0001,0.0009,0.0001,200,0.00"
        #expect(importError(.hey, cutInOffset)?.line == 4)
        let badStatus = HeyCSVParserTests.handWritten.replacingOccurrences(of: ",503,", with: ",0,")
        #expect(importError(.hey, badStatus)?.line == 4)
    }

    @Test func headerOnlyIsRefused() {
        // hey writes only successful requests: a header alone means nothing succeeded, and an
        // empty run would hide that.
        #expect(importError(.hey, HeyCSVParser.header + "\n")?.line == 1)
    }
}
