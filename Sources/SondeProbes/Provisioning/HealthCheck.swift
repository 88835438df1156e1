import CCurl
import Foundation
import SondeCore

/// One GET of a machine's health URL over libcurl: `nil` when it answered 2xx/3xx, else the
/// error class. Blocking; `ProvisionSession` runs it on a thread of its own.
enum HealthCheck {
    static func probe(_ url: String, timeout: Duration, verifyTLS: Bool) -> ErrorClass? {
        guard let easy = CurlEasy(.init(url: url, timeout: timeout, verifyTLS: verifyTLS, freshConnection: true)) else {
            return .other
        }
        let handle = easy.handle
        defer { withExtendedLifetime(easy) {} }  // the handle lives as long as `easy`
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
