import CCurl
import Foundation
import SondeCore

/// Thin, typed access to libcurl for the probes. Everything here runs on the probe's own thread.
enum Curl {
    /// libcurl's global state, initialised once before any handle exists.
    static let initialized: Bool = {
        curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK
    }()

    /// The CA bundle named by `CURL_CA_BUNDLE`, read as the curl tool reads it: a PEM file that
    /// replaces the system's trust store, e.g. to trust a private CA. `nil` when unset or empty.
    static let caBundle: String? = {
        guard let path = ProcessInfo.processInfo.environment["CURL_CA_BUNDLE"], !path.isEmpty else { return nil }
        return path
    }()

    /// Certificate checks for one handle: on unless the provider's `tls: {verify: false}` turned
    /// them off, against `CURL_CA_BUNDLE` when it is set.
    static func configureTLS(_ handle: UnsafeMutableRawPointer, verify: Bool) {
        if !verify {
            _ = sonde_easy_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 0)
            _ = sonde_easy_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 0)
        } else if let caBundle {
            _ = caBundle.withCString { sonde_easy_setopt_string(handle, CURLOPT_CAINFO, $0) }
        }
    }

    /// The error class of a finished transfer, from libcurl's result and the HTTP status.
    /// `verifyResult` is OpenSSL's X509 verification result for TLS failures.
    static func errorClass(result: CURLcode, httpStatus: Int, verifyResult: Int) -> ErrorClass? {
        switch result {
        case CURLE_OK:
            return ErrorClass.forHTTPStatus(httpStatus)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .dns
        case CURLE_COULDNT_CONNECT:
            return .refused
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING:
            return .reset
        case CURLE_PARTIAL_FILE:
            return .truncated
        case CURLE_PEER_FAILED_VERIFICATION:
            // X509_V_ERR_CERT_HAS_EXPIRED (10) and X509_V_ERR_CERT_NOT_YET_VALID (9).
            return verifyResult == 10 || verifyResult == 9 ? .tlsExpired : .tlsUntrusted
        case CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE,
             CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS:
            return .tlsOther
        case CURLE_WEIRD_SERVER_REPLY, CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_BAD_CONTENT_ENCODING,
             CURLE_UNSUPPORTED_PROTOCOL, CURLE_TOO_MANY_REDIRECTS, CURLE_HTTP3:
            return .protocol
        default:
            return .other
        }
    }
}

extension Curl {
    /// A finished transfer as a sample: libcurl's cumulative phase marks (nil where a phase did
    /// not happen), the status, and the error class. Shared by every probe.
    static func sample(_ handle: UnsafeMutableRawPointer, providerID: Int64, probe: ProbeKind, sequence: Int64,
                       intendedNs: Int64, startedNs: Int64, bytes: Int64, result: CURLcode) -> Sample {
        func mark(_ info: CURLINFO) -> Int64? {
            var value: curl_off_t = 0
            guard sonde_easy_getinfo_off(handle, info, &value) == CURLE_OK, value > 0 else { return nil }
            return Int64(value)
        }
        var status = 0
        _ = sonde_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var verify = 0
        if result != CURLE_OK { _ = sonde_easy_getinfo_long(handle, CURLINFO_SSL_VERIFYRESULT, &verify) }
        return Sample(
            providerID: providerID, probe: probe, sequence: sequence, intendedNs: intendedNs, startedNs: startedNs,
            dnsUs: mark(CURLINFO_NAMELOOKUP_TIME_T), connectUs: mark(CURLINFO_CONNECT_TIME_T),
            tlsUs: mark(CURLINFO_APPCONNECT_TIME_T),
            ttfbUs: result == CURLE_OK || status > 0 ? mark(CURLINFO_STARTTRANSFER_TIME_T) : nil,
            totalUs: mark(CURLINFO_TOTAL_TIME_T) ?? 0, bytes: bytes, httpStatus: status > 0 ? status : nil,
            errorClass: Curl.errorClass(result: result, httpStatus: status, verifyResult: verify))
    }

    /// Calls `body` once for every transfer of `multi` that has finished, after removing its handle
    /// from `multi`, with the transfer's `CURLOPT_PRIVATE` pointer (nil if none was set) and
    /// libcurl's result. The one place the probes read libcurl's completion messages.
    static func forEachFinished(_ multi: UnsafeMutableRawPointer,
                                _ body: (_ handle: UnsafeMutableRawPointer, _ context: UnsafeMutableRawPointer?, _ result: CURLcode) -> Void) {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle else { continue }
            let result = message.pointee.data.result
            var context: UnsafeMutableRawPointer?
            _ = sonde_easy_getinfo_pointer(handle, CURLINFO_PRIVATE, &context)
            curl_multi_remove_handle(multi, handle)
            body(handle, context, result)
        }
    }

    /// Runs a probe's event loop on a thread of its own and returns its result: no Swift
    /// concurrency or Dispatch thread ever blocks on the network (on Linux a blocked Dispatch
    /// worker starves Swift's shared threads, where an in-process emulator answers).
    static func onOwnThread<Result: Sendable>(named name: String, _ body: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = name
            thread.start()
        }
    }
}
