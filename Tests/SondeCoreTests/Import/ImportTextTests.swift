import Testing
@testable import SondeCore

struct ImportTextTests {
    @Test func decimalSecondsBecomeExactMicroseconds() {
        #expect(DecimalText.scaled("0.0012", shift: 6) == 1200)
        #expect(DecimalText.scaled("12.3456789", shift: 6) == 12_345_679)
        #expect(DecimalText.scaled("3", shift: 6) == 3_000_000)
        #expect(DecimalText.scaled("-0.5", shift: 3) == -500)
        #expect(DecimalText.scaled("1.2.3", shift: 6) == nil)
        #expect(DecimalText.scaled("", shift: 6) == nil)
        #expect(DecimalText.scaled("0x10", shift: 6) == nil)
        #expect(DecimalText.scaled("99999999999999999999", shift: 6) == nil)
    }

    // python3 -c "from datetime import datetime; d=datetime.fromisoformat('2017-05-09T14:34:45.625742+02:00');
    //   print(int(d.timestamp())*10**9 + 625742514)"  -> 1494333285625742514
    @Test func rfc3339KeepsNanosecondsAndOffsets() {
        #expect(RFC3339.nanoseconds("2017-05-09T14:34:45.625742514+02:00") == 1_494_333_285_625_742_514)
        #expect(RFC3339.nanoseconds("2017-05-09T12:34:45.625742514Z") == 1_494_333_285_625_742_514)
        #expect(RFC3339.nanoseconds("2017-05-09T12:34:45Z") == 1_494_333_285_000_000_000)
        #expect(RFC3339.nanoseconds("2017-05-09T12:34:45.5-00:30") == 1_494_335_085_500_000_000)
        #expect(RFC3339.nanoseconds("2017-05-09 12:34") == nil)
        #expect(RFC3339.nanoseconds("2017-13-09T12:34:45Z") == nil)
        #expect(RFC3339.nanoseconds("2017-05-09T12:34:45.Z") == nil)
    }

    // python3 -c "import datetime as d; print(int(d.datetime(2026,12,1,tzinfo=d.timezone.utc).timestamp()))" -> 1796083200
    // int64 max is 9223372036.854775807 s: 2262-04-11T23:47:16.854775807Z
    @Test func timesOutsideInt64NanosecondsAreRefusedOrClamped() {
        #expect(RFC3339.nanoseconds("2262-04-11T23:47:16Z") == 9_223_372_036_000_000_000)
        #expect(RFC3339.nanoseconds("2262-04-11T23:47:17Z") == nil)
        #expect(RFC3339.nanoseconds("2999-01-01T00:00:00Z") == nil)
        #expect(RFC3339.nanoseconds("1600-01-01T00:00:00Z") == nil)
        #expect(RFC3339.nanoseconds("2999-01-01T00:00:00Z", clamping: true) == .max)
        #expect(RFC3339.nanoseconds("1600-01-01T00:00:00Z", clamping: true) == .min)
        #expect(RFC3339.nanoseconds("2026-12-01", dateAlone: true) == 1_796_083_200_000_000_000)
        #expect(RFC3339.nanoseconds("2026-12-01") == nil)
    }
}
