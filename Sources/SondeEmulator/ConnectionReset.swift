import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes the next close of one accepted TCP connection send RST instead of FIN.
///
/// The connection is the process's socket whose local port is `localPort` and whose peer is
/// `127.0.0.1:peerPort`: unique while it is open, since the client's port is in use by that
/// connection. Open descriptors are listed from `/proc/self/fd` (Linux), or tried up to 4096
/// elsewhere; this runs once per `reset` fault, never on a healthy request.
enum ConnectionReset {
    /// Sets `SO_LINGER {on, 0}` on the connection; returns whether it was found.
    @discardableResult
    static func arm(localPort: UInt16, peerPort: UInt16) -> Bool {
        guard let descriptor = descriptor(localPort: localPort, peerPort: peerPort) else { return false }
        var option = linger(l_onoff: 1, l_linger: 0)
        return setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size)) == 0
    }

    static func descriptor(localPort: UInt16, peerPort: UInt16) -> Int32? {
        let listed = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap { Int32($0) }
        for descriptor in listed ?? Array(0..<4096) {
            guard let local = address(descriptor, getsockname), local.port == localPort,
                  let peer = address(descriptor, getpeername), peer.port == peerPort,
                  peer.host == UInt32(0x7F00_0001) else { continue }
            return descriptor
        }
        return nil
    }

    /// The IPv4 address and port (host byte order) of `descriptor`'s local or peer end.
    private static func address(_ descriptor: Int32,
                                _ read: (Int32, UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> Int32)
        -> (host: UInt32, port: UInt16)? {
        var storage = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { read(descriptor, $0, &length) }
        }
        guard result == 0, storage.sin_family == sa_family_t(AF_INET) else { return nil }
        return (UInt32(bigEndian: storage.sin_addr.s_addr), UInt16(bigEndian: storage.sin_port))
    }
}
