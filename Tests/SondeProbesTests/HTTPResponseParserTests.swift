import Testing
import SondeCore
@testable import SondeProbes

/// The native engine's response parser: framing, split reads, and the error classes it gives.
struct HTTPResponseParserTests {
    /// Feeds `text` to a fresh parser in pieces cut at `cuts`; the outcome of the last piece fed.
    func parse(_ text: String, cuts: [Int] = []) -> (HTTPResponseParser.Outcome, HTTPResponseParser) {
        var parser = HTTPResponseParser()
        let bytes = Array(text.utf8)
        var outcome = HTTPResponseParser.Outcome.needMore
        var start = 0
        for end in cuts + [bytes.count] where end >= start {
            outcome = bytes[start..<end].withUnsafeBytes { parser.parse($0) }
            if case .needMore = outcome { start = end } else { break }
        }
        return (outcome, parser)
    }

    static let small = "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/html\r\ncontent-LENGTH:  12 \r\n\r\nhello world!"
    static let chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n"
        + "5;name=value;other\r\nhello\r\n1A \r\nabcdefghijklmnopqrstuvwxyz\r\n0;last\r\nX-Checksum: 1\r\nX-Other: 2\r\n\r\n"

    @Test func aResponseSplitAtEveryByteBoundaryParsesTheSame() {
        for text in [Self.small, Self.chunked] {
            let whole = text.utf8.count
            let expectedBody: Int64 = text == Self.small ? 12 : 31
            for cut in 0...whole {
                let (outcome, parser) = parse(text, cuts: [cut])
                #expect(outcome == .complete(consumed: cut == whole ? whole : whole - cut), "cut at \(cut)")
                #expect(parser.status == 200 && parser.bodyBytes == expectedBody && parser.keepAlive, "cut at \(cut)")
            }
            // One byte at a time.
            let (outcome, parser) = parse(text, cuts: Array(1..<whole))
            #expect(outcome == .complete(consumed: 1))
            #expect(parser.bodyBytes == expectedBody)
        }
    }

    @Test func chunkExtensionsAndTrailersAreSkipped() {
        let (outcome, parser) = parse(Self.chunked)
        #expect(outcome == .complete(consumed: Self.chunked.utf8.count))
        #expect(parser.bodyBytes == 31)
    }

    @Test func noBodyFor204And304AndContentLengthZero() {
        let notModified = "HTTP/1.1 304 Not Modified\r\nContent-Length: 612\r\n\r\n"
        #expect(parse(notModified).0 == .complete(consumed: notModified.utf8.count))
        let noContent = "HTTP/1.1 204 No Content\r\n\r\n"
        #expect(parse(noContent).0 == .complete(consumed: noContent.utf8.count))
        let empty = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
        let (outcome, parser) = parse(empty)
        #expect(outcome == .complete(consumed: empty.utf8.count))
        #expect(parser.bodyBytes == 0)
    }

    @Test func interimAnswersAreSkipped() {
        let text = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok"
        let (outcome, parser) = parse(text, cuts: [10, 30])
        #expect(outcome == .complete(consumed: text.utf8.count - 30))
        #expect(parser.status == 201)
    }

    @Test func malformedAnswersAreProtocolErrors() {
        for text in ["HTTP/1.1 2x0 OK\r\n\r\n", "HTTTP/1.1 200 OK\r\n\r\n", "garbage\r\n\r\n", "HTTP/1.1 200OK\r\n\r\n",
                     "HTTP/2 200\r\n\r\n", "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
                     "HTTP/1.1 200 OK\r\nContent-Length: 12x\r\n\r\n",
                     "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
                     "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                     "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXY\r\n",
                     "HTTP/1.1 101 Switching Protocols\r\n\r\n"] {
            #expect(parse(text).0 == .failed(.protocol), "\(text.debugDescription)")
        }
        // An endless header line is malformed too, however it is split.
        let long = "HTTP/1.1 200 OK\r\nX: " + String(repeating: "a", count: HTTPResponseParser.maxLineBytes)
        #expect(parse(long, cuts: [100, 5000]).0 == .failed(.protocol))
    }

    @Test func endOfStreamClassifiesWhatWasMissing() {
        // Mid-body: truncated.
        var (outcome, parser) = parse("HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\nhello")
        #expect(outcome == .needMore)
        #expect(parser.finishAtEOF() == .failed(.truncated))
        // Mid-head: truncated as well.
        (outcome, parser) = parse("HTTP/1.1 200 OK\r\nContent-Le")
        #expect(parser.finishAtEOF() == .failed(.truncated))
        // Nothing at all: the connection was reset.
        parser = HTTPResponseParser()
        #expect(parser.finishAtEOF() == .failed(.reset))
        // No length and not chunked: the body runs until the close.
        (outcome, parser) = parse("HTTP/1.1 200 OK\r\nServer: x\r\n\r\nsome bytes")
        #expect(outcome == .needMore)
        #expect(parser.finishAtEOF() == .complete(consumed: 0))
        #expect(parser.bodyBytes == 10 && !parser.keepAlive)
    }

    @Test func connectionCloseAndHTTP10EndTheConnection() {
        #expect(!parse("HTTP/1.1 200 OK\r\nConnection: Close\r\nContent-Length: 0\r\n\r\n").1.keepAlive)
        #expect(!parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").1.keepAlive)
        #expect(parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n").1.keepAlive)
        #expect(parse("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n").1.keepAlive)
    }

    @Test func statusesMapToTheirErrorClassesAfterParsing() {
        #expect(parse("HTTP/1.1 429 Too Many\r\nContent-Length: 0\r\n\r\n").1.status == 429)
        #expect(ErrorClass.forHTTPStatus(parse("HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n").1.status) == .http5xx)
    }

    @Test func requestBytesCarryTheConfiguredHeadersAndDropRemovedDefaults() throws {
        let target = try #require(NativeTarget(url: "http://127.0.0.1:8080/a/b?c=d#frag",
                                               headers: ["Authorization: Bearer s3cret", "Accept:", "user-agent: probe"]))
        #expect(target.port == 8080 && target.host == "127.0.0.1" && target.path == "/a/b?c=d")
        let text = String(decoding: target.request, as: UTF8.self)
        #expect(text == "GET /a/b?c=d HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAuthorization: Bearer s3cret\r\nuser-agent: probe\r\n\r\n")
        #expect(NativeTarget(url: "https://example.com/", headers: []) == nil)
        #expect(NativeTarget(url: "http://user:pw@example.com/", headers: []) == nil)
        #expect(try #require(NativeTarget(url: "http://[::1]", headers: [])).port == 80)
    }
}
