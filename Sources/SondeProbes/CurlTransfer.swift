import CCurl
import SondeCore

/// One latency attempt's easy handle with the state its callbacks need. Reused attempt after
/// attempt by its provider's pool (`LatencyProbe`): making and freeing a configured handle per
/// attempt cost more than the transfer itself at thousands of attempts a second. Retained through
/// `CURLOPT_PRIVATE` while a transfer is in flight.
final class CurlTransfer {
    private let easy: CurlEasy
    var handle: UnsafeMutableRawPointer { easy.handle }
    let targetIndex: Int
    var sequence: Int64 = 0
    var intendedNs: Int64 = 0
    var startedNs: Int64 = 0
    var bytes: Int64 = 0
    /// The 19 digits of the intended-time header's value inside the handle's header list, when
    /// the header is sent (`IntendedHeader`).
    private var intendedDigits: UnsafeMutablePointer<CChar>?

    init?(target: LatencyPlan.Target, targetIndex: Int, intendedHeader: String?) {
        var headers = target.headers
        if let intendedHeader { headers.append(intendedHeader + ": " + String(repeating: "0", count: IntendedHeader.digits)) }
        guard let easy = CurlEasy(.init(url: target.url, timeout: target.timeout, headers: headers,
                                        verifyTLS: target.verifyTLS, freshConnection: !target.reuse)) else { return nil }
        self.easy = easy
        self.targetIndex = targetIndex
        if intendedHeader != nil, var node = easy.headerList {
            while let next = node.pointee.next { node = next }
            intendedDigits = node.pointee.data.map { $0 + (strlen($0) - IntendedHeader.digits) }
        }
        _ = sonde_easy_setopt_write(easy.handle, CURLOPT_WRITEFUNCTION) { _, size, count, context in
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
            transfer.bytes += Int64(size * count)
            return size * count
        }
        _ = sonde_easy_setopt_pointer(easy.handle, CURLOPT_WRITEDATA, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Readies the handle for the attempt `sequence`, due at `intendedNs`.
    func prepare(sequence: Int64, intendedNs: Int64) {
        self.sequence = sequence
        self.intendedNs = intendedNs
        bytes = 0
        if let intendedDigits { IntendedHeader.write(intendedNs, into: intendedDigits) }
    }

    /// Reads the finished transfer's timings and outcome.
    func sample(providerID: Int64, probe: ProbeKind, result: CURLcode) -> Sample {
        Curl.sample(handle, providerID: providerID, probe: probe, sequence: sequence, intendedNs: intendedNs,
                    startedNs: startedNs, bytes: bytes, result: result)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
