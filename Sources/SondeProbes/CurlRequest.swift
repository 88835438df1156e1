import CCurl
import SondeCore

/// A reusable easy handle for the bandwidth and load probes: options set once, then added to a
/// multi handle as often as needed. Its body bytes are counted, never kept. Confined to the
/// probe's thread; retained through `CURLOPT_PRIVATE` by its owner's pool.
final class CurlRequest {
    let handle: UnsafeMutableRawPointer
    /// Index of the provider (target) it belongs to.
    let targetIndex: Int
    var sequence: Int64 = 0
    var intendedNs: Int64 = 0
    var startedNs: Int64 = 0
    /// Body bytes received by the current transfer.
    var bytes: Int64 = 0
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let headers: [String]

    init?(url: String, headers: [String], timeout: Duration, verifyTLS: Bool, targetIndex: Int) {
        guard let handle = curl_easy_init() else { return nil }
        self.handle = handle
        self.targetIndex = targetIndex
        self.headers = headers
        _ = url.withCString { sonde_easy_setopt_string(handle, CURLOPT_URL, $0) }
        _ = sonde_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = sonde_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, max(1, Int(timeout.nanoseconds / 1_000_000)))
        _ = sonde_easy_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        _ = "sonde/\(SondeVersion.current)".withCString { sonde_easy_setopt_string(handle, CURLOPT_USERAGENT, $0) }
        Curl.configureTLS(handle, verify: verifyTLS)
        // No header list unless needed: libcurl compares every custom header with its own on
        // each request, which a load run at tens of thousands of requests a second feels.
        setHeaders(headers)
        _ = sonde_easy_setopt_write(handle, CURLOPT_WRITEFUNCTION) { _, size, count, context in
            Unmanaged<CurlRequest>.fromOpaque(context!).takeUnretainedValue().bytes += Int64(size * count)
            return size * count
        }
        let opaque = Unmanaged.passUnretained(self).toOpaque()
        _ = sonde_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, opaque)
        _ = sonde_easy_setopt_pointer(handle, CURLOPT_PRIVATE, opaque)
    }

    deinit {
        curl_easy_cleanup(handle)
        if let headerList { curl_slist_free_all(headerList) }
    }

    /// Makes the request a PUT of `count` bytes from `body`, which libcurl does not copy: the
    /// caller keeps it alive for as long as this request exists.
    func upload(_ body: UnsafeRawPointer, count: Int64) {
        // An upload must not wait a second for a `100 Continue` that many servers never send.
        setHeaders(headers + ["Expect:"])
        _ = sonde_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, "PUT")
        _ = sonde_easy_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(count))
        _ = sonde_easy_setopt_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: body))
    }

    private func setHeaders(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        if let headerList { curl_slist_free_all(headerList) }
        headerList = nil
        for line in lines {
            headerList = line.withCString { curl_slist_append(headerList, $0) }
        }
        _ = sonde_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList)
    }

    /// The finished transfer as a sample of `probe` (phase marks as `CurlTransfer` reads them).
    func sample(providerID: Int64, probe: ProbeKind, result: CURLcode) -> Sample {
        Curl.sample(handle, providerID: providerID, probe: probe, sequence: sequence, intendedNs: intendedNs,
                    startedNs: startedNs, bytes: bytes, result: result)
    }
}
