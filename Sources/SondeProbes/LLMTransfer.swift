import CCurl
import Foundation
import SondeCore

/// One streamed completion request: its easy handle, body, and the stream decoder its write
/// callback feeds with a monotonic timestamp per delivery. Confined to the probe's thread;
/// retained through `CURLOPT_PRIVATE` while in flight.
final class LLMTransfer {
    private let easy: CurlEasy
    var handle: UnsafeMutableRawPointer { easy.handle }
    let targetIndex: Int
    let sequence: Int64
    let intendedNs: Int64
    var startedNs: Int64 = 0
    /// The monotonic instant the request was handed to libcurl; chunk offsets count from here.
    var start = ContinuousClock.now
    var decoder: LLMStreamDecoder
    /// Body bytes of a response that is not a 2xx stream (kept out of the decoder).
    var otherBytes: Int64 = 0
    /// `Retry-After` in seconds, from the response headers.
    var retryAfterS: Int64?

    init?(target: RequestTarget, api: LLMAPI, body: Data, targetIndex: Int, sequence: Int64, intendedNs: Int64) {
        let headers = ["Content-Type: application/json", "Accept: text/event-stream", "Expect:"] + target.headers
        guard let easy = CurlEasy(.init(url: target.url, timeout: target.timeout, headers: headers,
                                        verifyTLS: target.verifyTLS)) else { return nil }
        self.easy = easy
        let handle = easy.handle
        self.targetIndex = targetIndex
        self.sequence = sequence
        self.intendedNs = intendedNs
        decoder = LLMStreamDecoder(api: api)
        // A POST whose body libcurl copies, so nothing here has to outlive the call.
        _ = sonde_easy_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
        _ = body.withUnsafeBytes { raw in
            sonde_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress!))
        }
        _ = sonde_easy_setopt_write(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            let transfer = Unmanaged<LLMTransfer>.fromOpaque(context!).takeUnretainedValue()
            transfer.received(UnsafeRawBufferPointer(start: data, count: size * count))
            return size * count
        }
        _ = sonde_easy_setopt_write(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            let transfer = Unmanaged<LLMTransfer>.fromOpaque(context!).takeUnretainedValue()
            transfer.header(UnsafeRawBufferPointer(start: data, count: size * count))
            return size * count
        }
        let opaque = Unmanaged.passUnretained(self).toOpaque()
        _ = sonde_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, opaque)
        _ = sonde_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, opaque)
    }

    var httpStatus: Int {
        var status = 0
        _ = sonde_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return status
    }

    private func received(_ bytes: UnsafeRawBufferPointer) {
        let offsetUs = (ContinuousClock.now - start).microseconds
        if (200..<300).contains(httpStatus) {
            decoder.feed(bytes, offsetUs: offsetUs)
        } else {
            otherBytes += Int64(bytes.count)
        }
    }

    private func header(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self)
        guard let colon = line.firstIndex(of: ":"),
              line[..<colon].trimmingCharacters(in: .whitespaces).lowercased() == "retry-after" else { return }
        // Delay-seconds only; an HTTP-date form is left unrecorded.
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        retryAfterS = Int64(value) ?? Double(value).map { Int64($0.rounded(.up)) }
    }

    /// The error class of the finished request: transport and HTTP status first, then the
    /// stream itself (a malformed event is `protocol`, a stream without `[DONE]` `truncated`).
    func errorClass(result: CURLcode, status: Int) -> ErrorClass? {
        if result != CURLE_OK {
            // A 2xx stream that broke off after it began was cut short, whatever the socket said.
            let cut = [CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_GOT_NOTHING].contains(result)
            if cut && (200..<300).contains(status) && decoder.bytes > 0 { return .truncated }
            var verify = 0
            _ = sonde_easy_getinfo_long(handle, CURLINFO_SSL_VERIFYRESULT, &verify)
            return Curl.errorClass(result: result, httpStatus: status, verifyResult: verify)
        }
        if let error = ErrorClass.forHTTPStatus(status) { return error }
        if decoder.malformed { return .protocol }
        // Bytes that never formed an event: not an event stream at all.
        if decoder.bytes > 0 && decoder.events == 0 && !decoder.sawDone { return .protocol }
        if !decoder.sawDone { return .truncated }
        return nil
    }

    /// The finished request as a sample (probe `llm`, `ttfbUs` = time to first token) and its record.
    func finish(providerID: Int64, result: CURLcode, keepChunks: Bool) -> (Sample, LLMRequestRecord) {
        func mark(_ info: CURLINFO) -> Int64? {
            var value: curl_off_t = 0
            guard sonde_easy_getinfo_off(handle, info, &value) == CURLE_OK, value > 0 else { return nil }
            return Int64(value)
        }
        let status = httpStatus
        let error = errorClass(result: result, status: status)
        let total = mark(CURLINFO_TOTAL_TIME_T) ?? (ContinuousClock.now - start).microseconds
        var record = LLMRequestRecord.summarise(
            providerID: providerID, sequence: sequence, offsetsUs: decoder.contentOffsetsUs,
            endUs: decoder.lastEventUs ?? total, usageTokens: decoder.usageCompletionTokens,
            promptTokens: decoder.usagePromptTokens)
        record.retryAfterS = retryAfterS
        if !keepChunks { record.chunkOffsetsUs = [] }
        let sample = Sample(
            providerID: providerID, probe: .llm, sequence: sequence, intendedNs: intendedNs, startedNs: startedNs,
            dnsUs: mark(CURLINFO_NAMELOOKUP_TIME_T), connectUs: mark(CURLINFO_CONNECT_TIME_T),
            tlsUs: mark(CURLINFO_APPCONNECT_TIME_T), ttfbUs: record.ttftUs, totalUs: total,
            bytes: Int64(decoder.bytes) + otherBytes, httpStatus: status > 0 ? status : nil, errorClass: error)
        return (sample, record)
    }
}
