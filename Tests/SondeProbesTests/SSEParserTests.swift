import Testing
@testable import SondeProbes

@Suite struct SSEParserTests {
    func events(_ pieces: [String]) -> [String] {
        var parser = SSEParser()
        var out: [String] = []
        for piece in pieces { parser.feed(piece) { out.append(String(decoding: $0, as: UTF8.self)) } }
        return out
    }

    @Test func eventsSplitAnywhereAcrossDeliveriesComeOutWhole() {
        let stream = "data: {\"a\":1}\n\ndata: {\"b\":2}\r\n\r\n: keep-alive\n\ndata: [DONE]\n\n"
        let whole = events([stream])
        #expect(whole == ["{\"a\":1}", "{\"b\":2}", "[DONE]"])
        // Every split point, including inside CRLF pairs, gives the same events.
        for cut in 1..<stream.utf8.count {
            let bytes = Array(stream.utf8)
            let parts = [String(decoding: bytes[..<cut], as: UTF8.self), String(decoding: bytes[cut...], as: UTF8.self)]
            #expect(events(parts) == whole, "split at \(cut)")
        }
    }

    @Test func multiLineDataIsJoinedAndOtherFieldsAreSkipped() {
        #expect(events(["event: x\nid: 3\ndata:one\ndata: two\nretry: 5\n\n"]) == ["one\ntwo"])
        #expect(events(["data\n\n"]) == [""])
        #expect(events(["\n\n\n"]) == [])
    }

    @Test func anEventWithoutItsBlankLineIsDropped() {
        #expect(events(["data: {\"a\":1}\n\ndata: {\"half\""]) == ["{\"a\":1}"])
    }
}
