import Foundation
import Testing
@testable import SondeCore

/// Fixtures written by hand from vegeta 12.12's JSON result encoding (lib/results_json.go):
/// one object per line; vegeta cannot run here.
struct VegetaJSONParserTests {
    static let url = "http://10.0.0.5:8080/health"
    static let handWritten = """
        {"attack":"smoke","seq":1,"code":200,"timestamp":"2026-01-02T03:04:05.000200000Z","latency":1500000,"bytes_out":0,"bytes_in":15,"error":"","body":"eyJzdGF0dXMiOiJvayJ9","method":"GET","url":"\(url)","headers":{"Content-Type":["application/json"]}}
        {"attack":"smoke","seq":0,"code":200,"timestamp":"2026-01-02T03:04:05.000100000Z","latency":2345678,"bytes_out":0,"bytes_in":15,"error":"","body":"eyJzdGF0dXMiOiJvayJ9","method":"GET","url":"\(url)","headers":{}}
        {"attack":"smoke","seq":2,"code":0,"timestamp":"2026-01-02T03:04:05.000300000+01:00","latency":812000,"bytes_out":0,"bytes_in":0,"error":"Get \\"\(url)\\": dial tcp 10.0.0.5:8080: connect: connection refused","body":"","method":"GET","url":"\(url)","headers":{}}
        {"attack":"smoke","seq":3,"code":503,"timestamp":"2026-01-02T03:04:05.000400000Z","latency":900000,"bytes_out":0,"bytes_in":19,"error":"503 Service Unavailable","body":"","method":"GET","url":"\(url)","headers":{}}
        {"attack":"smoke","seq":4,"code":0,"timestamp":"2026-01-02T03:04:05.000500000Z","latency":30000000000,"bytes_out":0,"bytes_in":0,"error":"Get \\"\(url)\\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)","body":"","method":"GET","url":"\(url)","headers":{}}

        """

    @Test func handWrittenFromSpecMapsEveryField() throws {
        let run = try ImportFormat.vegeta.parse(importFile(Self.handWritten))
        #expect(run.endpoint == Self.url)
        #expect(run.probe == .latency)
        #expect(run.samples.map(\.sequence) == [0, 1, 2, 3, 4])
        #expect(run.samples.map(\.totalUs) == [2346, 1500, 812, 900, 30_000_000])
        #expect(run.samples.map(\.bytes) == [15, 15, 0, 19, 0])
        #expect(run.samples.map(\.httpStatus) == [200, 200, nil, 503, nil])
        #expect(run.samples.map(\.errorClass) == [nil, nil, .refused, .http5xx, .timeout])
        // 2026-01-02T03:04:05Z is 1767323045 s; the third hit's +01:00 puts it an hour earlier.
        #expect(run.samples[0].startedNs == 1_767_323_045_000_100_000)
        #expect(run.samples[2].startedNs == 1_767_323_045_000_300_000 - 3_600_000_000_000)
        #expect(run.samples.allSatisfy { $0.intendedNs == $0.startedNs && $0.ttfbUs == nil && $0.connectUs == nil })
    }

    @Test func malformedAndTruncatedLinesAreNamed() {
        let lines = Self.handWritten.split(separator: "\n").map(String.init)
        let truncated = lines.prefix(2).joined(separator: "\n") + "\n" + lines[2].prefix(60)
        #expect(importError(.vegeta, truncated)?.line == 3)
        let noLatency = lines[0].replacingOccurrences(of: "\"latency\":1500000,", with: "")
        let error = importError(.vegeta, lines[1] + "\n" + noLatency)
        #expect(error?.line == 2)
        #expect(error?.message.contains("latency") == true)
        let badTime = lines[0].replacingOccurrences(of: "2026-01-02T03:04:05.000200000Z", with: "yesterday")
        #expect(importError(.vegeta, badTime)?.line == 1)
        let fractionalCode = lines[0].replacingOccurrences(of: "\"code\":200", with: "\"code\":200.5")
        #expect(importError(.vegeta, fractionalCode)?.line == 1)
        #expect(importError(.vegeta, "")?.line == 1)
    }
}
