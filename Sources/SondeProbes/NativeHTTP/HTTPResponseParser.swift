import SondeCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An incremental parser of HTTP/1.x responses for the native load engine: the status line, the
/// headers it needs (`Content-Length`, `Transfer-Encoding`, `Connection`), and the body framing
/// (length, chunked with extensions and trailers, or until the connection closes), fed whatever
/// a read returned, so a response may be split at any byte. Bodies are counted, never kept.
/// Interim (1xx) answers are skipped; 204 and 304 carry no body.
struct HTTPResponseParser {
    enum Outcome: Equatable {
        /// The response is not complete yet: feed more bytes (or `finishAtEOF` on end of stream).
        case needMore
        /// The response ended after `consumed` bytes of the chunk fed last; any rest belongs to
        /// a next response, which a client that sends one request at a time never receives.
        case complete(consumed: Int)
        /// The response is malformed.
        case failed(ErrorClass)
    }

    private enum State {
        case statusLine, headerLine, body, chunkSize, chunkData, chunkDataEnd, trailer, untilClose, done
    }

    /// Longest status, header, chunk-size or trailer line accepted: longer is malformed.
    static let maxLineBytes = 16 * 1024

    private(set) var status = 0
    /// Whether the connection may carry another request after this response.
    private(set) var keepAlive = true
    /// Body bytes received (after chunk framing).
    private(set) var bodyBytes: Int64 = 0
    /// Bytes of any kind received for this response: zero means the peer said nothing.
    private(set) var receivedBytes: Int64 = 0
    private var state = State.statusLine
    private var remaining: Int64 = 0
    private var contentLength: Int64?
    private var chunked = false
    private var minorVersion = 1
    /// A line split across reads; empty while lines arrive whole.
    private var line: [UInt8] = []

    init() {
        line.reserveCapacity(256)
    }

    /// Readies the parser for the next response on the same or a new connection.
    mutating func reset() {
        status = 0
        keepAlive = true
        bodyBytes = 0
        receivedBytes = 0
        state = .statusLine
        remaining = 0
        contentLength = nil
        chunked = false
        line.removeAll(keepingCapacity: true)
    }

    /// Parses the next bytes of the response.
    mutating func parse(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        guard let base = bytes.baseAddress else { return state == .done ? .complete(consumed: 0) : .needMore }
        receivedBytes += Int64(bytes.count)
        var offset = 0
        while offset < bytes.count {
            switch state {
            case .statusLine, .headerLine, .chunkSize, .chunkDataEnd, .trailer:
                let rest = bytes.count - offset
                guard let found = memchr(base + offset, 0x0A, rest) else {
                    guard line.count + rest <= Self.maxLineBytes else { return .failed(.protocol) }
                    line.append(contentsOf: UnsafeRawBufferPointer(start: base + offset, count: rest))
                    return .needMore
                }
                let length = UnsafeRawPointer(found) - (base + offset)
                let failure: ErrorClass?
                if line.isEmpty {
                    failure = handleLine(UnsafeRawBufferPointer(start: base + offset, count: length))
                } else {
                    guard line.count + length <= Self.maxLineBytes else { return .failed(.protocol) }
                    line.append(contentsOf: UnsafeRawBufferPointer(start: base + offset, count: length))
                    let whole = line
                    failure = whole.withUnsafeBytes { handleLine($0) }
                    line.removeAll(keepingCapacity: true)
                }
                offset += length + 1
                if let failure { return .failed(failure) }
            case .body, .chunkData:
                let take = Int(min(Int64(bytes.count - offset), remaining))
                remaining -= Int64(take)
                bodyBytes += Int64(take)
                offset += take
                if remaining == 0 { state = state == .body ? .done : .chunkDataEnd }
            case .untilClose:
                bodyBytes += Int64(bytes.count - offset)
                offset = bytes.count
            case .done:
                break
            }
            if state == .done {
                return .complete(consumed: offset)
            }
        }
        return .needMore
    }

    /// The outcome when the peer closed the connection: complete for a body that runs until the
    /// close, `reset` when nothing at all arrived, `truncated` when the response stopped short.
    mutating func finishAtEOF() -> Outcome {
        switch state {
        case .done: return .complete(consumed: 0)
        case .untilClose:
            state = .done
            keepAlive = false
            return .complete(consumed: 0)
        default:
            return .failed(receivedBytes == 0 ? .reset : .truncated)
        }
    }

    /// One line without its `\n` (and without a `\r` before it, which is dropped here).
    private mutating func handleLine(_ raw: UnsafeRawBufferPointer) -> ErrorClass? {
        var count = raw.count
        if count > 0, raw[count - 1] == 0x0D { count -= 1 }
        let text = UnsafeRawBufferPointer(rebasing: raw[0..<count])
        switch state {
        case .statusLine: return statusLine(text)
        case .headerLine: return count == 0 ? endOfHead() : header(text)
        case .chunkSize: return chunkSize(text)
        case .chunkDataEnd:
            guard count == 0 else { return .protocol }
            state = .chunkSize
            return nil
        case .trailer:
            if count == 0 { state = .done }
            return nil
        default: return .protocol
        }
    }

    /// `HTTP/1.x NNN reason`.
    private mutating func statusLine(_ text: UnsafeRawBufferPointer) -> ErrorClass? {
        guard text.count >= 12, Self.equalsLowercased(UnsafeRawBufferPointer(rebasing: text[0..<7]), "http/1."),
              text[0] == 0x48, (0x30...0x39).contains(text[7]), text[8] == 0x20,
              text.count == 12 || text[12] == 0x20 else { return .protocol }
        var code = 0
        for index in 9..<12 {
            let digit = Int(text[index]) - 0x30
            guard (0...9).contains(digit) else { return .protocol }
            code = code * 10 + digit
        }
        guard code >= 100 else { return .protocol }
        minorVersion = Int(text[7]) - 0x30
        status = code
        // HTTP/1.0 closes after the response unless it says keep-alive.
        keepAlive = minorVersion >= 1
        contentLength = nil
        chunked = false
        state = .headerLine
        return nil
    }

    private mutating func header(_ text: UnsafeRawBufferPointer) -> ErrorClass? {
        guard let colon = text.firstIndex(of: 0x3A), colon > 0 else { return .protocol }
        let name = UnsafeRawBufferPointer(rebasing: text[0..<colon])
        var start = colon + 1
        var end = text.count
        while start < end, text[start] == 0x20 || text[start] == 0x09 { start += 1 }
        while end > start, text[end - 1] == 0x20 || text[end - 1] == 0x09 { end -= 1 }
        let value = UnsafeRawBufferPointer(rebasing: text[start..<end])
        if Self.equalsLowercased(name, "content-length") {
            guard !value.isEmpty, value.count <= 18 else { return .protocol }
            var length: Int64 = 0
            for byte in value {
                guard (0x30...0x39).contains(byte) else { return .protocol }
                length = length * 10 + Int64(byte - 0x30)
            }
            // Two different lengths make the framing ambiguous.
            if let contentLength, contentLength != length { return .protocol }
            contentLength = length
        } else if Self.equalsLowercased(name, "transfer-encoding") {
            // Chunked must be the last coding; anything else is framed by the close.
            chunked = Self.endsWithLowercased(value, "chunked")
        } else if Self.equalsLowercased(name, "connection") {
            if Self.containsLowercased(value, "close") { keepAlive = false }
            if Self.containsLowercased(value, "keep-alive") && minorVersion == 0 { keepAlive = true }
        }
        return nil
    }

    private mutating func endOfHead() -> ErrorClass? {
        if status < 200 {
            // An interim answer (100 Continue, 103 Early Hints); 101 would switch protocols.
            guard status != 101 else { return .protocol }
            state = .statusLine
            return nil
        }
        if status == 204 || status == 304 {
            state = .done
        } else if chunked {
            state = .chunkSize
        } else if let contentLength {
            remaining = contentLength
            state = contentLength == 0 ? .done : .body
        } else {
            keepAlive = false
            state = .untilClose
        }
        return nil
    }

    /// A chunk's size in hex, maybe followed by `;extensions`; size 0 starts the trailers.
    private mutating func chunkSize(_ text: UnsafeRawBufferPointer) -> ErrorClass? {
        var size: Int64 = 0
        var digits = 0
        for byte in text {
            let digit: Int64
            switch byte {
            case 0x30...0x39: digit = Int64(byte - 0x30)
            case 0x61...0x66: digit = Int64(byte - 0x61 + 10)
            case 0x41...0x46: digit = Int64(byte - 0x41 + 10)
            case 0x3B, 0x20, 0x09: digit = -1
            default: return .protocol
            }
            if digit < 0 { break }
            digits += 1
            guard digits <= 15 else { return .protocol }
            size = size * 16 + digit
        }
        guard digits > 0 else { return .protocol }
        if size == 0 {
            state = .trailer
        } else {
            remaining = size
            state = .chunkData
        }
        return nil
    }

    private static func lower(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }

    static func equalsLowercased(_ bytes: UnsafeRawBufferPointer, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        let expected = UnsafeRawBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)
        for index in 0..<bytes.count where lower(bytes[index]) != expected[index] { return false }
        return true
    }

    static func endsWithLowercased(_ bytes: UnsafeRawBufferPointer, _ lowercase: StaticString) -> Bool {
        let count = lowercase.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        return equalsLowercased(UnsafeRawBufferPointer(rebasing: bytes[(bytes.count - count)...]), lowercase)
    }

    static func containsLowercased(_ bytes: UnsafeRawBufferPointer, _ lowercase: StaticString) -> Bool {
        let count = lowercase.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        for start in 0...(bytes.count - count)
        where equalsLowercased(UnsafeRawBufferPointer(rebasing: bytes[start..<(start + count)]), lowercase) {
            return true
        }
        return false
    }
}
