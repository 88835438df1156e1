import Foundation
import Testing
@testable import SondeCore

/// Fixture written from k6's documented JSON output (Results output > JSON: Metric and Point
/// lines) and its HTTP trail (lib/netext/httpext/tracer.go: every point of one request carries
/// the trail's end time and the request's tags); k6 cannot run here. Three requests, values
/// chosen by hand: A (new TLS connection), C (same end time and tags as A, reused connection:
/// the join must keep them apart) and B (connection refused, its points interleaved with A's),
/// among k6's non-HTTP lines (vus, data_received), which are ignored.
struct K6JSONParserTests {
    static let handWritten = """
        {"type":"Metric","data":{"name":"vus","type":"gauge","contains":"default","thresholds":[],"submetrics":null},"metric":"vus"}
        {"type":"Point","data":{"time":"2026-01-02T03:04:05.000000000Z","value":2,"tags":null},"metric":"vus"}
        {"type":"Metric","data":{"name":"http_reqs","type":"counter","contains":"default","thresholds":[],"submetrics":null},"metric":"http_reqs"}
        {"type":"Metric","data":{"name":"http_req_duration","type":"trend","contains":"time","thresholds":[],"submetrics":null},"metric":"http_req_duration"}
        {"type":"Point","data":{"time":"2026-01-02T04:04:05.123456789+01:00","value":1,"tags":{"expected_response":"true","group":"","method":"GET","name":"https://api.example.net/health","proto":"HTTP/1.1","scenario":"default","status":"200","tls_version":"tls1.3","url":"https://api.example.net/health"}},"metric":"http_reqs"}
        {"type":"Point","data":{"time":"2026-01-02T03:04:05.200000000Z","value":1,"tags":{"error":"dial: connection refused","error_code":"1212","expected_response":"false","group":"","method":"GET","name":"https://api.example.net/health","proto":"","scenario":"default","status":"0","url":"https://api.example.net/health"}},"metric":"http_reqs"}
        {"type":"Point","data":{"time":"2026-01-02T04:04:05.123456789+01:00","value":12.5,"tags":{"expected_response":"true","group":"","method":"GET","name":"https://api.example.net/health","proto":"HTTP/1.1","scenario":"default","status":"200","tls_version":"tls1.3","url":"https://api.example.net/health"}},"metric":"http_req_duration"}
        {"type":"Point","data":{"time":"2026-01-02T03:04:05.200000000Z","value":0,"tags":{"error":"dial: connection refused","error_code":"1212","expected_response":"false","group":"","method":"GET","name":"https://api.example.net/health","proto":"","scenario":"default","status":"0","url":"https://api.example.net/health"}},"metric":"http_req_duration"}
        {"type":"Point","data":{"time":"2026-01-02T04:04:05.123456789+01:00","value":30.25,"tags":{"expected_response":"true","group":"","method":"GET","name":"https://api.example.net/health","proto":"HTTP/1.1","scenario":"default","status":"200","tls_version":"tls1.3","url":"https://api.example.net/health"}},"metric":"http_req_blocked"}
        {"type":"Point","data":{"time":"2026-01-02T03:04:05.200000000Z","value":0.8,"tags":{"error":"dial: connection refused","error_code":"1212","expected_response":"false","group":"","method":"GET","name":"https://api.example.net/health","proto":"","scenario":"default","status":"0","url":"https://api.example.net/health"}},"metric":"http_req_blocked"}
        {"type":"Point","data":{"time":"2026-01-02T04:04:05.123456789+01:00","value":10.0,"tags":{"expected_response":"true","group":"","method":"GET","name":"https://api.example.net/health","proto":"HTTP/1.1","scenario":"default","status":"200","tls_version":"tls1.3","url":"https://api.example.net/health"}},"metric":"http_req_connecting"}
        {"type":"Point","data":{"time":"2026-01-02T03:04:05.200000000Z","value":0,"tags":{"error":"dial: connection refused","error_code":"1212","expected_response":"false","group":"","method":"GET","name":"https://api.example.net/health","proto":"","scenario":"default","status":"0","url":"https://api.example.net/health"}},"metric":"http_req_connecting"}
        {"type":"Point","data":{"time":"2026-01-02T04:04:05.123456789+01:00","value":15.0,"tags":{"expected_response":"true","group":"","method":"GET","name":"https://api.example.net/health","proto":"HTTP/1.1","scenario":"default","status":"200","tls_version":"tls1.3","url":"https://api.example.net/health"}},"metric":"http_req_tls_handshaking"}
        {"type":"Point","data":{"time":"2026-01-02T03:04:05.200000000Z","value":0,"tags":{"error":"dial: connection refused","error_code":"1212","expected_response":"false","group":"","method":"GET","name":"https://api.example.net/health","proto":"","scenario":"default","status":"0","url":"https://api.example.net/health"}},"metric":"http_req_tls_handshaking"}
        {"type":"Point","data":{"time":"2026-01-02T04:04:05.123456789+01:00","value":0.05,"tags":{"expected_response":"true","group":"","method":"GET","name":"https://api.example.net/health","proto":"HTTP/1.1","scenario":"default","status":"200","tls_version":"tls1.3","url":"https://api.example.net/health"}},"metric":"http_req_sending"}
        {"type":"Point","data":{"time":"2026-01-02T03:04:05.200000000Z","value":0,"tags":{"error":"dial: connection refused","error_code":"1212","expected_response":"false","group":"","method":"GET","name":"https://api.example.net/health","proto":"","scenario":"default","status":"0","url":"https://api.example.net/health"}},"metric":"http_req_sending"}
        {"type":"Point","data":{"time":"2026-01-02T04:04:05.123456789+01:00","value":12.0,"tags":{"expected_response":"true","group":"","method":"GET","name":"https://api.example.net/health","proto":"HTTP/1.1","scenario":"default","status":"200","tls_version":"tls1.3","url":"https://api.example.net/health"}},"metric":"http_req_waiting"}
        {"type":"Point","data":{"time":"2026-01-02T03:04:05.200000000Z","value":0,"tags":{"error":"dial: connection refused","error_code":"1212","expected_response":"false","group":"","method":"GET","name":"https://api.example.net/health","proto":"","scenario":"default","status":"0","url":"https://api.example.net/health"}},"metric":"http_req_waiting"}
        {"type":"Point","data":{"time":"2026-01-02T04:04:05.123456789+01:00","value":0.45,"tags":{"expected_response":"true","group":"","method":"GET","name":"https://api.example.net/health","proto":"HTTP/1.1","scenario":"default","status":"200","tls_version":"tls1.3","url":"https://api.example.net/health"}},"metric":"http_req_receiving"}
        {"type":"Point","data":{"time":"2026-01-02T03:04:05.200000000Z","value":0,"tags":{"error":"dial: connection refused","error_code":"1212","expected_response":"false","group":"","method":"GET","name":"https://api.example.net/health","proto":"","scenario":"default","status":"0","url":"https://api.example.net/health"}},"metric":"http_req_receiving"}
        {"type":"Point","data":{"time":"2026-01-02T04:04:05.123456789+01:00","value":0,"tags":{"expected_response":"true","group":"","method":"GET","name":"https://api.example.net/health","proto":"HTTP/1.1","scenario":"default","status":"200","tls_version":"tls1.3","url":"https://api.example.net/health"}},"metric":"http_req_failed"}
        {"type":"Point","data":{"time":"2026-01-02T03:04:05.200000000Z","value":1,"tags":{"error":"dial: connection refused","error_code":"1212","expected_response":"false","group":"","method":"GET","name":"https://api.example.net/health","proto":"","scenario":"default","status":"0","url":"https://api.example.net/health"}},"metric":"http_req_failed"}
        {"type":"Point","data":{"time":"2026-01-02T04:04:05.123456789+01:00","value":1,"tags":{"expected_response":"true","group":"","method":"GET","name":"https://api.example.net/health","proto":"HTTP/1.1","scenario":"default","status":"200","tls_version":"tls1.3","url":"https://api.example.net/health"}},"metric":"http_reqs"}
        {"type":"Point","data":{"time":"2026-01-02T04:04:05.123456789+01:00","value":20,"tags":{"expected_response":"true","group":"","method":"GET","name":"https://api.example.net/health","proto":"HTTP/1.1","scenario":"default","status":"200","tls_version":"tls1.3","url":"https://api.example.net/health"}},"metric":"http_req_duration"}
        {"type":"Point","data":{"time":"2026-01-02T04:04:05.123456789+01:00","value":0.01,"tags":{"expected_response":"true","group":"","method":"GET","name":"https://api.example.net/health","proto":"HTTP/1.1","scenario":"default","status":"200","tls_version":"tls1.3","url":"https://api.example.net/health"}},"metric":"http_req_blocked"}
        {"type":"Point","data":{"time":"2026-01-02T04:04:05.123456789+01:00","value":0,"tags":{"expected_response":"true","group":"","method":"GET","name":"https://api.example.net/health","proto":"HTTP/1.1","scenario":"default","status":"200","tls_version":"tls1.3","url":"https://api.example.net/health"}},"metric":"http_req_connecting"}
        {"type":"Point","data":{"time":"2026-01-02T04:04:05.123456789+01:00","value":0,"tags":{"expected_response":"true","group":"","method":"GET","name":"https://api.example.net/health","proto":"HTTP/1.1","scenario":"default","status":"200","tls_version":"tls1.3","url":"https://api.example.net/health"}},"metric":"http_req_tls_handshaking"}
        {"type":"Point","data":{"time":"2026-01-02T04:04:05.123456789+01:00","value":0.02,"tags":{"expected_response":"true","group":"","method":"GET","name":"https://api.example.net/health","proto":"HTTP/1.1","scenario":"default","status":"200","tls_version":"tls1.3","url":"https://api.example.net/health"}},"metric":"http_req_sending"}
        {"type":"Point","data":{"time":"2026-01-02T04:04:05.123456789+01:00","value":19.5,"tags":{"expected_response":"true","group":"","method":"GET","name":"https://api.example.net/health","proto":"HTTP/1.1","scenario":"default","status":"200","tls_version":"tls1.3","url":"https://api.example.net/health"}},"metric":"http_req_waiting"}
        {"type":"Point","data":{"time":"2026-01-02T04:04:05.123456789+01:00","value":0.48,"tags":{"expected_response":"true","group":"","method":"GET","name":"https://api.example.net/health","proto":"HTTP/1.1","scenario":"default","status":"200","tls_version":"tls1.3","url":"https://api.example.net/health"}},"metric":"http_req_receiving"}
        {"type":"Point","data":{"time":"2026-01-02T04:04:05.123456789+01:00","value":0,"tags":{"expected_response":"true","group":"","method":"GET","name":"https://api.example.net/health","proto":"HTTP/1.1","scenario":"default","status":"200","tls_version":"tls1.3","url":"https://api.example.net/health"}},"metric":"http_req_failed"}
        {"type":"Point","data":{"time":"2026-01-02T03:04:05.200000000Z","value":6200,"tags":{"scenario":"default"}},"metric":"data_received"}

        """

    @Test func handWrittenFromSpecJoinsPointsIntoRequests() throws {
        let run = try ImportFormat.k6.parse(importFile(Self.handWritten))
        #expect(run.endpoint == "https://api.example.net/health")
        #expect(run.samples.count == 3)
        // 04:04:05.123456789+01:00 is 1767323045.123456789 s; A lasted 42.75 ms, C 20.01 ms, B 0.8 ms.
        let endA: Int64 = 1_767_323_045_123_456_789
        let endB: Int64 = 1_767_323_045_200_000_000
        #expect(run.samples.map(\.startedNs) == [endA - 42_750_000, endA - 20_010_000, endB - 800_000])
        let a = run.samples[0], c = run.samples[1], b = run.samples[2]
        #expect(a.totalUs == 42_750 && a.connectUs == 15_250 && a.tlsUs == 30_250 && a.ttfbUs == 42_300 && a.dnsUs == nil)
        #expect(a.httpStatus == 200 && a.errorClass == nil)
        #expect(c.totalUs == 20_010 && c.connectUs == nil && c.tlsUs == nil && c.ttfbUs == 19_530)
        #expect(b.totalUs == 800 && b.httpStatus == nil && b.errorClass == .refused && b.ttfbUs == nil)
        #expect(run.samples.map(\.sequence) == [0, 1, 2])
    }

    @Test func truncationAndMalformedLinesAreNamed() {
        let lines = Self.handWritten.split(separator: "\n").map(String.init)
        // Cut after a whole line in the middle of request C: its first point's line is named.
        let cut = lines.prefix(25).joined(separator: "\n")
        let error = importError(.k6, cut, name: "k6.json")
        #expect(error?.line == 23)
        #expect(error?.message.contains("truncated") == true)
        // Cut inside a line: that line is named.
        #expect(importError(.k6, lines.prefix(10).joined(separator: "\n") + "\n" + lines[10].prefix(40))?.line == 11)
        let badTime = lines[4].replacingOccurrences(of: "2026-01-02T04:04:05.123456789+01:00", with: "soon")
        #expect(importError(.k6, badTime)?.line == 1)
        #expect(importError(.k6, lines.prefix(2).joined(separator: "\n"))?.message.contains("no HTTP request points") == true)
    }

    @Test func errorCodesMapToClasses() {
        #expect(K6JSONParser.errorClass(code: 1050) == .timeout)
        #expect(K6JSONParser.errorClass(code: 1101) == .dns)
        #expect(K6JSONParser.errorClass(code: 1212) == .refused)
        #expect(K6JSONParser.errorClass(code: 1220) == .reset)
        #expect(K6JSONParser.errorClass(code: 1310) == .tlsUntrusted)
        #expect(K6JSONParser.errorClass(code: 1311) == .tlsOther)
        #expect(K6JSONParser.errorClass(code: 1000) == .other)
    }
}
