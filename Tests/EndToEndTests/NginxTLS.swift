import Foundation
import SondeTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// TLS endpoints with bad certificates, served by Debian's nginx on 127.0.0.1 for the TLS
/// fault tests: one with a self-signed certificate, one with a certificate from a private test
/// CA that expired on 2024-01-02. Certificates are made with `openssl` in a temporary folder;
/// nginx runs in the foreground (`daemon off`) as a child of the test and is stopped by `stop()`.
///
/// `start()` installs `nginx-light` with apt-get when nginx is missing, and returns `nil` with
/// the reason when nginx or openssl cannot be had; callers print a SKIPPED line and pass.
final class NginxTLS: @unchecked Sendable {
    /// `https://127.0.0.1:PORT/health` with the self-signed certificate.
    let selfSignedURL: String
    /// `https://127.0.0.1:PORT/health` with the expired certificate.
    let expiredURL: String
    /// A PEM file holding only the test CA: with `CURL_CA_BUNDLE` set to it, the expired
    /// certificate's chain is trusted and its dates are what fails (OpenSSL checks trust first).
    let caBundle: String
    private let process: Process
    private let directory: URL

    private init(selfSignedURL: String, expiredURL: String, caBundle: String, process: Process, directory: URL) {
        self.selfSignedURL = selfSignedURL
        self.expiredURL = expiredURL
        self.caBundle = caBundle
        self.process = process
        self.directory = directory
    }

    enum Unavailable: Error, CustomStringConvertible {
        case missing(String)
        case failed(String)
        var description: String {
            switch self {
            case .missing(let what), .failed(let what): what
            }
        }
    }

    /// Starts nginx, or explains why it cannot.
    static func start() throws(Unavailable) -> NginxTLS {
        guard let openssl = which("openssl") else { throw .missing("openssl is not installed") }
        let nginx = try installedNginx()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sonde-tls-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("ca"), withIntermediateDirectories: true)
            try makeCertificates(openssl: openssl, in: dir)
        } catch let error as Unavailable {
            throw error
        } catch {
            throw .failed("cannot make certificates: \(error)")
        }
        let ports: (UInt16, UInt16)
        do {
            ports = (try TestProcess.freeLoopbackPort(), try TestProcess.freeLoopbackPort())
        } catch {
            throw .failed("no free loopback port: \(error)")
        }
        let config = """
            daemon off;
            worker_processes 1;
            pid \(dir.path)/nginx.pid;
            error_log \(dir.path)/error.log;
            events { worker_connections 64; }
            http {
              access_log off;
              client_body_temp_path \(dir.path)/body; proxy_temp_path \(dir.path)/proxy;
              fastcgi_temp_path \(dir.path)/fastcgi; uwsgi_temp_path \(dir.path)/uwsgi; scgi_temp_path \(dir.path)/scgi;
              server {
                listen 127.0.0.1:\(ports.0) ssl;
                ssl_certificate \(dir.path)/self.crt; ssl_certificate_key \(dir.path)/self.key;
                location / { default_type application/json; return 200 '{"status":"ok"}'; }
              }
              server {
                listen 127.0.0.1:\(ports.1) ssl;
                ssl_certificate \(dir.path)/expired.crt; ssl_certificate_key \(dir.path)/expired.key;
                location / { default_type application/json; return 200 '{"status":"ok"}'; }
              }
            }

            """
        let process = Process()
        do {
            try config.write(to: dir.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
            process.executableURL = URL(fileURLWithPath: nginx)
            // -e: nginx opens its default error log before reading the config; keep it in the folder too.
            process.arguments = ["-p", dir.path, "-c", dir.appendingPathComponent("nginx.conf").path,
                                 "-e", dir.appendingPathComponent("error.log").path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
        } catch {
            throw .failed("cannot start nginx: \(error)")
        }
        let server = NginxTLS(selfSignedURL: "https://127.0.0.1:\(ports.0)/health",
                              expiredURL: "https://127.0.0.1:\(ports.1)/health",
                              caBundle: dir.appendingPathComponent("ca.crt").path, process: process, directory: dir)
        let deadline = Date().addingTimeInterval(10)
        while !(accepts(ports.0) && accepts(ports.1)) {
            guard process.isRunning, Date() < deadline else {
                let log = (try? String(contentsOf: dir.appendingPathComponent("error.log"), encoding: .utf8)) ?? ""
                server.stop()
                throw .failed("nginx did not listen on \(ports.0) and \(ports.1): \(log)")
            }
            usleep(20_000)
        }
        return server
    }

    /// Stops nginx (SIGTERM: fast shutdown) and removes the folder. Safe to call twice.
    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    private static func installedNginx() throws(Unavailable) -> String {
        if let path = which("nginx") { return path }
        let apt = Process()
        apt.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        apt.arguments = ["apt-get", "install", "-y", "-qq", "nginx-light"]
        apt.environment = ProcessInfo.processInfo.environment.merging(["DEBIAN_FRONTEND": "noninteractive"]) { $1 }
        apt.standardOutput = FileHandle.nullDevice
        apt.standardError = FileHandle.nullDevice
        do {
            try apt.run()
            apt.waitUntilExit()
        } catch {
            throw .missing("nginx is not installed and apt-get could not run: \(error)")
        }
        guard let path = which("nginx") else {
            throw .missing("nginx is not installed and `apt-get install -y nginx-light` failed (status \(apt.terminationStatus))")
        }
        return path
    }

    /// A self-signed certificate for 127.0.0.1, and a test CA with a leaf for 127.0.0.1 valid
    /// only on 2024-01-01 (`openssl ca -startdate/-enddate`: OpenSSL 3.0's `x509` cannot set
    /// dates in the past).
    private static func makeCertificates(openssl: String, in dir: URL) throws {
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try run(openssl, ["req", "-x509"] + key + ["-keyout", "self.key", "-out", "self.crt", "-days", "30",
                                                  "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], in: dir)
        try run(openssl, ["req", "-x509"] + key + ["-keyout", "ca.key", "-out", "ca.crt", "-days", "30",
                                                  "-subj", "/CN=sonde test CA"], in: dir)
        try run(openssl, ["req"] + key + ["-keyout", "expired.key", "-out", "expired.csr", "-subj", "/CN=127.0.0.1"], in: dir)
        let caConfig = """
            [ ca ]
            default_ca = test
            [ test ]
            database = ca/index.txt
            new_certs_dir = ca
            serial = ca/serial
            default_md = sha256
            policy = any
            x509_extensions = leaf
            [ any ]
            commonName = supplied
            [ leaf ]
            subjectAltName = IP:127.0.0.1

            """
        try caConfig.write(to: dir.appendingPathComponent("ca.cnf"), atomically: true, encoding: .utf8)
        try "".write(to: dir.appendingPathComponent("ca/index.txt"), atomically: true, encoding: .utf8)
        try "01\n".write(to: dir.appendingPathComponent("ca/serial"), atomically: true, encoding: .utf8)
        try run(openssl, ["ca", "-batch", "-config", "ca.cnf", "-cert", "ca.crt", "-keyfile", "ca.key", "-in", "expired.csr",
                          "-out", "expired.crt", "-startdate", "20240101000000Z", "-enddate", "20240102000000Z"], in: dir)
    }

    private static func run(_ executable: String, _ arguments: [String], in dir: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = dir
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Unavailable.failed("\(executable) \(arguments.joined(separator: " ")): \(String(decoding: message, as: UTF8.self))")
        }
    }

    private static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let dirs = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/bin", "/sbin"]
        return dirs.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private static func accepts(_ port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}
