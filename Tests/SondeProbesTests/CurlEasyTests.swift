import Testing
@testable import SondeProbes

/// libcurl's `CURLOPT_TIMEOUT_MS` takes whole milliseconds and reads 0 as "no timeout": a
/// timeout must never truncate to 0.
struct CurlEasyTests {
    @Test(arguments: [(Duration.microseconds(500), 1), (.milliseconds(1), 1), (.microseconds(1_500), 2),
                      (.nanoseconds(1), 1), (.seconds(5), 5_000)])
    func timeoutsRoundUpToWholeMilliseconds(timeout: Duration, milliseconds: Int) {
        #expect(CurlEasy.milliseconds(timeout) == milliseconds)
    }
}
