import Testing
import SondeCore

@Suite struct GrammarTests {
    @Test func durations() {
        #expect(Grammar.duration("250us") == .microseconds(250))
        #expect(Grammar.duration("200ms") == .milliseconds(200))
        #expect(Grammar.duration("1.5s") == .milliseconds(1500))
        #expect(Grammar.duration("10m") == .seconds(600))
        #expect(Grammar.duration("2h") == .seconds(7200))
        #expect(Grammar.duration("7d") == .seconds(604_800))
        #expect(Grammar.duration("1.5d") == .seconds(129_600))
        #expect(Grammar.duration("7days") == nil)
        #expect(Grammar.duration("200") == nil)
        #expect(Grammar.duration("-1s") == nil)
        #expect(Grammar.duration("ms") == nil)
        #expect(Grammar.duration("5 parsecs") == nil)
    }

    @Test func ratesAndSizes() {
        #expect(Grammar.rate("500/s") == 500)
        #expect(Grammar.rate("30/m") == 0.5)
        #expect(Grammar.rate("500") == nil)
        #expect(Grammar.size("64KiB") == 65_536)
        #expect(Grammar.size("1GiB") == 1_073_741_824)
        #expect(Grammar.size("10MB") == 10_000_000)
        #expect(Grammar.size("1.5B") == nil)
    }

    @Test func formatsInTheLargestExactUnit() {
        #expect(Grammar.format(.milliseconds(200)) == "200ms")
        #expect(Grammar.format(.seconds(120)) == "2m")
        #expect(Grammar.format(.nanoseconds(1500)) == "1500ns")
    }
}
