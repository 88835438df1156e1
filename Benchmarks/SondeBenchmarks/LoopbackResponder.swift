#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A minimal HTTP/1.1 responder on 127.0.0.1 for the probe benchmark: one blocking thread that
/// answers every request with a 2-byte body and closes the connection. It allocates nothing per
/// request, so the benchmark's malloc counts are the probe's own (and libcurl's).
final class LoopbackResponder: @unchecked Sendable {
    // @unchecked: `listener` is set once in init; the thread only reads it.
    let port: UInt16
    private let listener: Int32

    init() throws {
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
        let thread = Thread { [self] in serve() }
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
}
