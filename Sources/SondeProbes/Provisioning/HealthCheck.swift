import CCurl
import Foundation
import SondeCore

/// One GET of a machine's health URL over libcurl: `nil` when it answered 2xx/3xx, else the
/// error class. Blocking; `ProvisionSession` runs it on a thread of its own.
enum HealthCheck {
    static func probe(_ url: String, timeout: Duration, verifyTLS: Bool) -> ErrorClass? {
        guard Curl.initialized, let handle = curl_easy_init() else { return .other }
        defer { curl_easy_cleanup(handle) }
        _ = url.withCString { sonde_easy_setopt_string(handle, CURLOPT_URL, $0) }
        _ = sonde_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = sonde_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, max(1, Int(timeout.nanoseconds / 1_000_000)))
        _ = sonde_easy_setopt_long(handle, CURLOPT_FRESH_CONNECT, 1)
        _ = sonde_easy_setopt_long(handle, CURLOPT_FORBID_REUSE, 1)
        _ = "sonde/\(SondeVersion.current)".withCString { sonde_easy_setopt_string(handle, CURLOPT_USERAGENT, $0) }
        Curl.configureTLS(handle, verify: verifyTLS)
        _ = sonde_easy_setopt_write(handle, CURLOPT_WRITEFUNCTION) { _, size, count, _ in size * count }
        let result = curl_easy_perform(handle)
        var status = 0
        _ = sonde_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var verify = 0
        if result != CURLE_OK { _ = sonde_easy_getinfo_long(handle, CURLINFO_SSL_VERIFYRESULT, &verify) }
        return Curl.errorClass(result: result, httpStatus: status, verifyResult: verify)
    }

    /// The URL to check: the `health_url` template with `{endpoint}` and `{id}` filled in, or the
    /// endpoint the provider reported (a bare host or host:port becomes `http://…/`), or the
    /// provider's configured endpoint when the provider reported none.
    static func url(template: String?, endpoint: String?, id: String, configured: String) -> String {
        let normalized = endpoint.map { $0.contains("://") ? $0 : "http://\($0)/" }
        guard let template else { return normalized ?? configured }
        return template.replacingOccurrences(of: "{endpoint}", with: endpoint ?? "")
            .replacingOccurrences(of: "{id}", with: id)
    }
}
