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
}
