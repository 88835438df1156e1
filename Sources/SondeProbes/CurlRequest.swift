import CCurl
import SondeCore

/// A reusable easy handle for the bandwidth and load probes: options set once, then added to a
/// multi handle as often as needed. Its body bytes are counted, never kept. Confined to the
/// probe's thread; retained through `CURLOPT_PRIVATE` by its owner's pool.
final class CurlRequest {
    private let easy: CurlEasy
    var handle: UnsafeMutableRawPointer { easy.handle }
    /// Index of the provider (target) it belongs to.
    let targetIndex: Int
    var sequence: Int64 = 0
    var intendedNs: Int64 = 0
    var startedNs: Int64 = 0
    /// Body bytes received by the current transfer.
    var bytes: Int64 = 0
    private let headers: [String]

    init?(url: String, headers: [String], timeout: Duration, verifyTLS: Bool, targetIndex: Int) {
        guard let easy = CurlEasy(.init(url: url, timeout: timeout, headers: headers, verifyTLS: verifyTLS)) else {
            return nil
        }
        self.easy = easy
        self.targetIndex = targetIndex
        self.headers = headers
        _ = sonde_easy_setopt_write(easy.handle, CURLOPT_WRITEFUNCTION) { _, size, count, context in
            Unmanaged<CurlRequest>.fromOpaque(context!).takeUnretainedValue().bytes += Int64(size * count)
            return size * count
        }
        let opaque = Unmanaged.passUnretained(self).toOpaque()
        _ = sonde_easy_setopt_pointer(easy.handle, CURLOPT_WRITEDATA, opaque)
        _ = sonde_easy_setopt_pointer(easy.handle, CURLOPT_PRIVATE, opaque)
    }

    /// Makes the request a PUT of `count` bytes from `body`, which libcurl does not copy: the
    /// caller keeps it alive for as long as this request exists.
    func upload(_ body: UnsafeRawPointer, count: Int64) {
        // An upload must not wait a second for a `100 Continue` that many servers never send.
        easy.setHeaders(headers + ["Expect:"])
        _ = sonde_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, "PUT")
        _ = sonde_easy_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(count))
        _ = sonde_easy_setopt_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: body))
    }

    /// The finished transfer as a sample of `probe` (phase marks as `CurlTransfer` reads them).
    func sample(providerID: Int64, probe: ProbeKind, result: CURLcode) -> Sample {
        Curl.sample(handle, providerID: providerID, probe: probe, sequence: sequence, intendedNs: intendedNs,
                    startedNs: startedNs, bytes: bytes, result: result)
    }
}
