import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Binds a listening socket on 127.0.0.1 (an OS-chosen port).
private func listeningSocket() throws -> (fd: Int32, port: Int) {
    struct SocketError: Error {}
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && listen(fd, 64) == 0 &&
            getsockname(fd, $0, &length) == 0 }
    }
    guard fd >= 0, bound else { throw SocketError() }
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
}

/// A port whose handshakes complete (the kernel's backlog) but that never accepts or answers.
final class SilentListener {
    let port: Int
    private let fd: Int32

    init() throws {
        (fd, port) = try listeningSocket()
    }

    deinit { close(fd) }
}

/// A keep-alive HTTP/1.1 server on its own thread, one connection at a time, that answers every
/// request `200 ok` and keeps the value of one request header (lower-case name) per request.
final class HeaderRecordingServer: @unchecked Sendable {
    // @unchecked: the descriptor is only read; the values are behind the mutex.
    let port: Int
    private let fd: Int32
    private let recorded = Recorded()
    var values: [String] { recorded.values.withLock { $0 } }

    private final class Recorded: Sendable {
        let values = Mutex<[String]>([])
    }

    init(header: String) throws {
        (fd, port) = try listeningSocket()
        let listener = fd
        let thread = Thread { [recorded] in
            while true {
                let client = accept(listener, nil, nil)
                guard client >= 0 else { return }
                var pending: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let count = recv(client, &buffer, buffer.count, 0)
                    guard count > 0 else { break }
                    pending += buffer[0..<count]
                    while let end = pending.firstRange(of: Array("\r\n\r\n".utf8)) {
                        let head = String(decoding: pending[..<end.lowerBound], as: UTF8.self)
                        pending.removeSubrange(..<end.upperBound)
                        for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix(header + ":") {
                            let value = line.dropFirst(header.count + 1).trimmingCharacters(in: .whitespaces)
                            recorded.values.withLock { $0.append(value) }
                        }
                        let answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                        _ = answer.withCString { send(client, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
                    }
                }
                close(client)
            }
        }
        thread.start()
    }

    /// Closing the listener ends the thread's `accept`.
    deinit { shutdown(fd, Int32(SHUT_RDWR)); close(fd) }
}
