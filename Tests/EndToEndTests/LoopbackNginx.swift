import Foundation
import SondeTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Debian's nginx serving a 512-byte file on a free 127.0.0.1 port (the configuration of
/// Benchmarks/peers/lib.sh `start_nginx`: one worker, no access log, long keep-alive), as a
/// child of the test, for peers such as hey to load.
final class LoopbackNginx: @unchecked Sendable {
    /// `http://127.0.0.1:PORT/small.txt`
    let url: String
    private let process: Process
    private let directory: URL

    private init(url: String, process: Process, directory: URL) {
        self.url = url
        self.process = process
        self.directory = directory
    }

    /// Starts nginx at `path`; throws with nginx's error log when it does not listen within 10 s.
    static func start(nginx path: String) throws -> LoopbackNginx {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sonde-nginx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("www"), withIntermediateDirectories: true)
        try String(repeating: "x", count: 512).write(to: dir.appendingPathComponent("www/small.txt"), atomically: true, encoding: .utf8)
        let port = try TestProcess.freeLoopbackPort()
        // As root nginx would switch its worker to `nobody`, who cannot read a private temporary folder.
        let user = getuid() == 0 ? "user root;" : ""
        let config = """
            \(user)
            daemon off;
            worker_processes 1;
            pid \(dir.path)/nginx.pid;
            error_log \(dir.path)/error.log warn;
            events { worker_connections 1024; }
            http {
              access_log off;
              keepalive_requests 100000;
              client_body_temp_path \(dir.path)/body; proxy_temp_path \(dir.path)/proxy;
              fastcgi_temp_path \(dir.path)/fastcgi; uwsgi_temp_path \(dir.path)/uwsgi; scgi_temp_path \(dir.path)/scgi;
              server { listen 127.0.0.1:\(port); root \(dir.path)/www; }
            }

            """
        try config.write(to: dir.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-p", dir.path, "-c", dir.appendingPathComponent("nginx.conf").path,
                             "-e", dir.appendingPathComponent("error.log").path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let server = LoopbackNginx(url: "http://127.0.0.1:\(port)/small.txt", process: process, directory: dir)
        let deadline = Date().addingTimeInterval(10)
        while !accepts(port) {
            guard process.isRunning, Date() < deadline else {
                let log = (try? String(contentsOf: dir.appendingPathComponent("error.log"), encoding: .utf8)) ?? ""
                server.stop()
                throw NginxFailed(log: log)
            }
            usleep(20_000)
        }
        return server
    }

    struct NginxFailed: Error, CustomStringConvertible {
        var log: String
        var description: String { "nginx did not listen: \(log)" }
    }

    /// Stops nginx and removes its folder. Safe to call twice.
    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// The first executable called `name` on PATH or in the sbin folders (nginx lives in /usr/sbin).
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let dirs = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/bin", "/sbin"]
        return dirs.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private static func accepts(_ port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
