#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A minimal HTTP/1.1 responder on 127.0.0.1 for the probe benchmarks: one blocking thread that
/// answers every request with a 2-byte body and closes the connection, or, with `keepAlive`, a
/// thread per connection that answers request after request on it. It allocates nothing per
/// request, so the benchmark's malloc counts are the probe's own (and libcurl's).
final class LoopbackResponder: @unchecked Sendable {
    // @unchecked: `listener` and `keepAlive` are set once in init; the threads only read them.
    let port: UInt16
    private let listener: Int32
    private let keepAlive: Bool

    init(keepAlive: Bool = false) throws {
        self.keepAlive = keepAlive
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && listen(fd, 512) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            throw POSIXError(.EADDRNOTAVAIL)
        }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in keepAlive ? serveKeepAlive() : serve() }
        thread.name = "bench-responder"
        thread.start()
    }

    var url: String { "http://127.0.0.1:\(port)/small.txt" }

    private func serve() {
        let response = Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".utf8)
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            // Read until the blank line that ends the request head.
            var tail: [UInt8] = []
            tail.reserveCapacity(4)
            reading: while true {
                let count = buffer.withUnsafeMutableBytes { read(connection, $0.baseAddress, $0.count) }
                if count <= 0 { break }
                for byte in buffer[0..<count] {
                    if tail.count == 4 { tail.removeFirst() }
                    tail.append(byte)
                    if tail == [13, 10, 13, 10] { break reading }
                }
            }
            _ = response.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
            close(connection)
        }
    }

    /// Accepts connections, each served on a thread of its own until the client closes it.
    private func serveKeepAlive() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            let thread = Thread { Self.answerEachRequest(on: connection) }
            thread.name = "bench-responder-connection"
            thread.start()
        }
    }

    /// Answers every request that arrives on `connection` (GET: a head, no body) and closes it at EOF.
    private static func answerEachRequest(on connection: Int32) {
        let response = Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".utf8)
        var buffer = [UInt8](repeating: 0, count: 4_096)
        var matched = 0
        let end: [UInt8] = [13, 10, 13, 10]
        while true {
            let count = buffer.withUnsafeMutableBytes { read(connection, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            for byte in buffer[0..<count] {
                matched = byte == end[matched] ? matched + 1 : (byte == 13 ? 1 : 0)
                if matched == 4 {
                    matched = 0
                    _ = response.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
                }
            }
        }
        close(connection)
    }
}

