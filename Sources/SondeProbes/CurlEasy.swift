import CCurl
import SondeCore

/// One libcurl easy handle with sonde's common set-up: the only place a handle is configured
/// (URL, timeout, user agent, redirects, TLS, headers, connection reuse), so that every probe
/// and the provisioning health check apply a timeout the same way. Callers add only what is
/// theirs (write callbacks, a request body). Confined to the thread that uses it.
final class CurlEasy {
    /// What every transfer of sonde sets.
    struct Options {
        var url: String
        /// Whole-transfer timeout; rounded up to libcurl's millisecond resolution.
        var timeout: Duration
        /// Header lines (`Name: value`).
        var headers: [String] = []
        var verifyTLS: Bool = true
        /// A fresh connection and DNS lookup every transfer: what a new client sees.
        var freshConnection: Bool = false
    }

    let handle: UnsafeMutableRawPointer
    /// The header lines as libcurl reads them (each node's text is ours to rewrite in place
    /// between transfers: libcurl copies it into the request when the transfer starts).
    private(set) var headerList: UnsafeMutablePointer<curl_slist>?

    /// A configured handle, or nil when libcurl cannot make one.
    init?(_ options: Options) {
        guard Curl.initialized, let handle = curl_easy_init() else { return nil }
        self.handle = handle
        _ = options.url.withCString { sonde_easy_setopt_string(handle, CURLOPT_URL, $0) }
        _ = sonde_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = sonde_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, Self.milliseconds(options.timeout))
        _ = sonde_easy_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        _ = "sonde/\(SondeVersion.current)".withCString { sonde_easy_setopt_string(handle, CURLOPT_USERAGENT, $0) }
        if options.freshConnection {
            _ = sonde_easy_setopt_long(handle, CURLOPT_FRESH_CONNECT, 1)
            _ = sonde_easy_setopt_long(handle, CURLOPT_FORBID_REUSE, 1)
            _ = sonde_easy_setopt_long(handle, CURLOPT_DNS_CACHE_TIMEOUT, 0)
        }
        Curl.configureTLS(handle, verify: options.verifyTLS)
        setHeaders(options.headers)
    }

    deinit {
        curl_easy_cleanup(handle)
        if let headerList { curl_slist_free_all(headerList) }
    }

    /// Replaces the request's header lines. None set means no list at all: libcurl compares
    /// every custom header with its own on each request, which a load run at tens of thousands
    /// of requests a second feels.
    func setHeaders(_ lines: [String]) {
        guard !lines.isEmpty || headerList != nil else { return }
        if let headerList { curl_slist_free_all(headerList) }
        headerList = nil
        for line in lines {
            headerList = line.withCString { curl_slist_append(headerList, $0) }
        }
        _ = sonde_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList)
    }

    /// `timeout` in the whole milliseconds `CURLOPT_TIMEOUT_MS` takes, rounded up and never 0
    /// (0 is "no timeout" to libcurl). The configuration rejects timeouts under 1 ms; this keeps
    /// a plan built in code from disabling its timeout by truncation.
    static func milliseconds(_ timeout: Duration) -> Int {
        let nanoseconds = max(timeout.nanoseconds, 1)
        return Int((nanoseconds + 999_999) / 1_000_000)
    }
}
