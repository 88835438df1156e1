import Testing
@testable import SondeCore

struct CronExpressionTests {
    /// 2026-11-25T03:31:17Z, a Wednesday.
    static let base: Int64 = 1_795_577_477

    /// Next three fire times from `base`, produced by croniter 7.0.0 (an independent
    /// implementation) in UTC:
    /// python3 -c 'from croniter import croniter; from datetime import datetime, timezone;
    ///   it = croniter(E, datetime(2026,11,25,3,31,17,tzinfo=timezone.utc));
    ///   print([int(it.get_next(float)) for _ in range(3)])'
    static let knownAnswers: [(String, [Int64])] = [
        ("*/5 * * * *", [1795577700, 1795578000, 1795578300]),
        ("0 * * * *", [1795579200, 1795582800, 1795586400]),
        ("30 2 * * *", [1795660200, 1795746600, 1795833000]),
        ("0 0 * * 1", [1795996800, 1796601600, 1797206400]),
        ("15 10 1 * *", [1796120100, 1798798500, 1801476900]),
        ("0 9 * * mon-fri", [1795597200, 1795683600, 1795770000]),
        ("0 0 29 2 *", [1835395200, 1961625600, 2087856000]),
        ("0 12 13 * 5", [1795780800, 1796385600, 1796990400]),
        ("*/15 9-17 * jan,jul *", [1798794000, 1798794900, 1798795800]),
        ("5-20/5 */6 * * *", [1795586700, 1795587000, 1795587300]),
        ("0 0 1 1 *", [1798761600, 1830297600, 1861920000]),
        ("59 23 31 12 *", [1798761540, 1830297540, 1861919940]),
        ("0 0 * * 7", [1795910400, 1796515200, 1797120000]),
    ]

    @Test(arguments: knownAnswers.indices)
    func nextFireTimesMatchCroniter(_ index: Int) throws {
        let (text, expected) = Self.knownAnswers[index]
        let cron = try CronExpression(text)
        var times: [Int64] = []
        var t = Self.base
        for _ in 0..<3 {
            t = try #require(cron.next(afterEpochSeconds: t))
            times.append(t)
        }
        #expect(times == expected, "\(text)")
    }

    @Test func aFireTimeItselfIsNotItsOwnSuccessor() throws {
        let cron = try CronExpression("*/5 * * * *")
        #expect(cron.next(afterEpochSeconds: 1_795_577_700) == 1_795_578_000)
        #expect(cron.next(afterEpochSeconds: 1_795_577_699) == 1_795_577_700)
    }

    @Test func macrosExpandToTheirFields() throws {
        #expect(try CronExpression("@hourly").next(afterEpochSeconds: Self.base) == 1_795_579_200)
        #expect(try CronExpression("@daily").next(afterEpochSeconds: Self.base) == 1_795_651_200)
        #expect(try CronExpression("@yearly").next(afterEpochSeconds: Self.base) == 1_798_761_600)
    }

    /// Vixie cron: with both day fields restricted a day matches either; a field that starts
    /// with `*` (even `*/2`) is unrestricted, so the other alone decides.
    @Test func dayFieldsFollowVixieCron() throws {
        let either = try CronExpression("0 0 1 * mon")
        // 2026-11-30 is a Monday (before 1 December).
        #expect(either.next(afterEpochSeconds: Self.base) == CivilTime.days(year: 2026, month: 11, day: 30) * 86_400)
        let starStep = try CronExpression("0 0 */2 * mon")
        // Day-of-month `*/2` (odd days) counts as a star: both fields must match, so only odd
        // Mondays do (with "either", the even Monday and the odd Tuesday would match too).
        #expect(starStep.dayMatches(dayOfMonth: 29, weekday: 1))
        #expect(!starStep.dayMatches(dayOfMonth: 30, weekday: 1))
        #expect(!starStep.dayMatches(dayOfMonth: 1, weekday: 2))
    }

    @Test func anImpossibleDateNeverFires() throws {
        #expect(try CronExpression("0 0 30 2 *").next(afterEpochSeconds: Self.base) == nil)
    }

    @Test(arguments: [
        ("* * * *", "needs 5 fields"),
        ("60 * * * *", "minute field '60': '60' is not in 0-59"),
        ("* 24 * * *", "hour field '24'"),
        ("* * 0 * *", "day-of-month field '0'"),
        ("* * * 13 *", "month field '13'"),
        ("* * * * 8", "day-of-week field '8'"),
        ("*/0 * * * *", "step '0'"),
        ("5-1 * * * *", "runs backwards"),
        ("1,,2 * * * *", "is not a value"),
        ("@often", "unknown macro"),
        ("* * * foo *", "'foo' is not in 1-12"),
    ])
    func badExpressionsNameTheirField(_ text: String, _ problem: String) {
        #expect {
            _ = try CronExpression(text)
        } throws: { error in
            "\(error)".contains(problem) && "\(error)".contains(text)
        }
    }

    /// Known dates: 2000-02-29 (a leap day in a century leap year) was a Tuesday;
    /// `date -u -d @951782400` prints Tue Feb 29 00:00:00 UTC 2000.
    @Test func civilTimeRoundTrips() {
        let leap = CivilTime(epochSeconds: 951_782_400)
        #expect((leap.year, leap.month, leap.day, leap.weekday) == (2000, 2, 29, 2))
        #expect(CivilTime.days(year: 2000, month: 2, day: 29) == 11_016)
        #expect(CivilTime(epochSeconds: Self.base).isoText == "2026-11-25T03:31:17Z")
        #expect(CivilTime(epochSeconds: -1).isoText == "1969-12-31T23:59:59Z")
        for days in stride(from: Int64(-800_000), through: 800_000, by: 997) {
            let date = CivilTime.civil(fromDays: days)
            #expect(CivilTime.days(year: date.year, month: date.month, day: date.day) == days)
        }
    }
}
