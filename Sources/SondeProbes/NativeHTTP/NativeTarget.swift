import Foundation
import SondeCore
#if canImport(Glibc)
import Glibc
#endif

/// One provider as the native engine reaches it: a plain `http://` origin resolved once, and the
/// request's bytes built once (method, path, Host, User-Agent, the configured headers with their
/// `${ENV}` values already resolved, which are sent and never logged).
struct NativeTarget {
    let host: String
    let port: UInt16
    /// Path and query, starting with `/`.
    let path: String
    let request: [UInt8]

    /// Parses `url`; `nil` when the native engine does not speak it (https, user info, an
    /// unparsable authority), and the libcurl engine takes it instead.
    init?(url: String, headers: [String]) {
        guard url.lowercased().hasPrefix("http://") else { return nil }
        let rest = url.dropFirst("http://".count)
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var path = String(rest[authorityEnd...])
        if let fragment = path.firstIndex(of: "#") { path = String(path[..<fragment]) }
        if path.isEmpty || path.hasPrefix("?") { path = "/" + path }
        guard !authority.isEmpty, !authority.contains("@"), !path.contains(" ") else { return nil }
        var host = String(authority)
        var port: UInt16 = 80
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let value = UInt16(after.dropFirst()) else { return nil }
                port = value
            }
        } else if let colon = authority.lastIndex(of: ":") {
            guard let value = UInt16(authority[authority.index(after: colon)...]) else { return nil }
            host = String(authority[..<colon])
            port = value
        }
        guard !host.isEmpty else { return nil }
        self.host = host
        self.port = port
        self.path = path
        request = Self.requestBytes(authority: String(authority), path: path, headers: headers)
    }

    /// `GET` with libcurl's default headers unless the configuration sets them; a header
    /// configured with no value (`Accept:`) removes a default, as it does for libcurl.
    static func requestBytes(authority: String, path: String, headers: [String]) -> [UInt8] {
        var defaults: [(String, String)] = [("Host", authority), ("User-Agent", "sonde/\(SondeVersion.current)"),
                                             ("Accept", "*/*")]
        var extra: [String] = []
        for line in headers {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            defaults.removeAll { $0.0.lowercased() == name.lowercased() }
            if !value.isEmpty { extra.append("\(name): \(value)") }
        }
        var text = "GET \(path) HTTP/1.1\r\n"
        for (name, value) in defaults { text += "\(name): \(value)\r\n" }
        for line in extra { text += line + "\r\n" }
        text += "\r\n"
        return Array(text.utf8)
    }

    /// The first stream address of the host, or `nil` when it does not resolve.
    func resolve() -> (storage: sockaddr_storage, length: socklen_t)? {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let first = result else { return nil }
        defer { freeaddrinfo(result) }
        var storage = sockaddr_storage()
        let length = first.pointee.ai_addrlen
        withUnsafeMutableBytes(of: &storage) { raw in
            raw.copyMemory(from: UnsafeRawBufferPointer(start: first.pointee.ai_addr, count: Int(length)))
        }
        return (storage, length)
    }
}

/// Which engine a load run uses (`probes.load.engine`).
enum LoadEngineChoice {
    /// Whether the native engine speaks `url`, and no proxy from the environment (which only
    /// libcurl honours) applies.
    static func nativeSupports(_ url: String, environment: [String: String]) -> Bool {
        let proxies = ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"]
        guard !proxies.contains(where: { !(environment[$0] ?? "").isEmpty }) else { return false }
        return NativeTarget(url: url, headers: []) != nil
    }

    /// Whether a run with `engine` over these targets uses the native engine: `auto` does when
    /// it speaks every target's URL.
    static func usesNative(_ engine: LoadEngine, targets: [RequestTarget], environment: [String: String]) -> Bool {
        switch engine {
        case .curl: return false
        case .native: return true
        case .auto: return targets.allSatisfy { nativeSupports($0.url, environment: environment) }
        }
    }

    static func transport(for plan: LoadPlan, environment: [String: String]) -> any LoadTransport {
        if usesNative(plan.settings.engine, targets: plan.targets, environment: environment) {
            // A closed loop (`rate: max`) polls briefly before sleeping; an open loop has sends to wait for.
            return NativeLoadTransport(targets: plan.targets, connections: plan.settings.connections,
                                       spinsBeforeSleep: plan.settings.rate == nil)
        }
        return CurlLoadTransport(targets: plan.targets, connections: plan.settings.connections)
    }
}
