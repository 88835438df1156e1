import CCurl
import Testing
import SondeCore
@testable import SondeProbes

@Suite struct CurlErrorClassTests {
    @Test(arguments: [
        (CURLE_COULDNT_RESOLVE_HOST, 0, 0, ErrorClass.dns),
        (CURLE_COULDNT_CONNECT, 0, 0, .refused),
        (CURLE_OPERATION_TIMEDOUT, 0, 0, .timeout),
        (CURLE_RECV_ERROR, 0, 0, .reset),
        (CURLE_GOT_NOTHING, 0, 0, .reset),
        (CURLE_PARTIAL_FILE, 200, 0, .truncated),
        (CURLE_PEER_FAILED_VERIFICATION, 0, 10, .tlsExpired),
        (CURLE_PEER_FAILED_VERIFICATION, 0, 18, .tlsUntrusted),
        (CURLE_SSL_CONNECT_ERROR, 0, 0, .tlsOther),
        (CURLE_WEIRD_SERVER_REPLY, 0, 0, .protocol),
        (CURLE_OK, 429, 0, .rateLimited),
        (CURLE_OK, 404, 0, .http4xx),
        (CURLE_OK, 503, 0, .http5xx),
        (CURLE_ABORTED_BY_CALLBACK, 0, 0, .other),
    ])
    func mapsLibcurlResults(result: CURLcode, status: Int, verify: Int, expected: ErrorClass) {
        #expect(Curl.errorClass(result: result, httpStatus: status, verifyResult: verify) == expected)
    }

    @Test func successIsNoError() {
        #expect(Curl.errorClass(result: CURLE_OK, httpStatus: 200, verifyResult: 0) == nil)
        #expect(Curl.errorClass(result: CURLE_OK, httpStatus: 304, verifyResult: 0) == nil)
    }
}
