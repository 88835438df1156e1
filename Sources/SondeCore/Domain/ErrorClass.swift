/// The one vocabulary of failure classes shared by every probe, report and gate
/// (see ARCHITECTURE.md, "Error classes"). A new class is added there first.
public enum ErrorClass: String, Sendable, Codable, CaseIterable, Hashable, Comparable {
    case dns
    case refused
    case reset
    case timeout
    case tlsUntrusted = "tls_untrusted"
    case tlsExpired = "tls_expired"
    case tlsOther = "tls_other"
    /// HTTP 429.
    case rateLimited = "rate_limited"
    case http4xx = "http_4xx"
    case http5xx = "http_5xx"
    /// The body was shorter than its announced length.
    case truncated
    /// A malformed response or stream.
    case `protocol`
    case other

    /// The class an HTTP status puts an otherwise complete exchange in, or `nil` when it succeeded.
    public static func forHTTPStatus(_ status: Int) -> ErrorClass? {
        switch status {
        case 429: return .rateLimited
        case 400..<500: return .http4xx
        case 500..<600: return .http5xx
        case 100..<400: return nil
        default: return .protocol
        }
    }

    public static func < (lhs: ErrorClass, rhs: ErrorClass) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
