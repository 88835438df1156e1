import Testing
@testable import SondeCore

struct FireScheduleTests {
    static let second: Int64 = 1_000_000_000

    @Test func everyStartsAtTheAnchorAndStepsByTheInterval() {
        let fires = FireSchedule.every(.seconds(10), anchorNs: 100 * Self.second)
        #expect(fires.initial(nowNs: 100 * Self.second + 5_000_000) == 100 * Self.second)
        #expect(fires.next(after: 100 * Self.second) == 110 * Self.second)
        #expect(fires.next(after: 109 * Self.second) == 110 * Self.second)
        #expect(fires.first(atOrAfter: 110 * Self.second) == 110 * Self.second)
    }

    /// A run that ends before the next start skips nothing; one that runs 25 s on a 10 s
    /// interval covers two starts (110 s and 120 s), which are skipped, not queued.
    @Test func anOverrunSkipsTheStartsItCovered() throws {
        let fires = FireSchedule.every(.seconds(10), anchorNs: 100 * Self.second)
        let onTime = try #require(fires.following(100 * Self.second, nowNs: 104 * Self.second))
        #expect(onTime.fireNs == 110 * Self.second && onTime.skipped == 0)
        let overrun = try #require(fires.following(100 * Self.second, nowNs: 125 * Self.second))
        #expect(overrun.fireNs == 130 * Self.second && overrun.skipped == 2)
        // Ending exactly on a start time runs it.
        let exact = try #require(fires.following(100 * Self.second, nowNs: 120 * Self.second))
        #expect(exact.fireNs == 120 * Self.second && exact.skipped == 1)
    }

    @Test func cronCountsSkippedMinutesToo() throws {
        // 2026-11-25T03:35:00Z, then a run lasting until 03:51:30 on */5: 03:40, 03:45, 03:50 skipped.
        let fires = FireSchedule.cron(try CronExpression("*/5 * * * *"))
        let start: Int64 = 1_795_577_700 * Self.second
        let following = try #require(fires.following(start, nowNs: start + (16 * 60 + 30) * Self.second))
        #expect(following.fireNs == start + 20 * 60 * Self.second)
        #expect(following.skipped == 3)
        // A time inside a minute: the next fire is the next whole matching minute.
        #expect(fires.next(after: start + 1) == start + 5 * 60 * Self.second)
        #expect(fires.initial(nowNs: start - 1) == start)
    }

    @Test func labelsFillTheirPlaceholders() throws {
        let template = try LabelTemplate("nightly-{vantage}-{date}-{n}@{start}")
        #expect(template.label(round: 3, vantage: "berlin", fireNs: 1_795_577_700 * Self.second)
                == "nightly-berlin-2026-11-25-3@2026-11-25T03:35:00Z")
        #expect(try LabelTemplate("plain").label(round: 1, vantage: nil, fireNs: 0) == "plain")
    }

    @Test func badLabelTemplatesAreRejected() {
        #expect(throws: LabelTemplateError.self) { try LabelTemplate("run-{round}") }
        #expect(throws: LabelTemplateError.self) { try LabelTemplate("run-{n") }
    }

    @Test func jitterIsBoundedReproducibleAndSpread() {
        var a = StartJitter(maximum: .seconds(30), seed: 42)
        var b = StartJitter(maximum: .seconds(30), seed: 42)
        let delays = (0..<1000).map { _ in a.next() }
        #expect(delays == (0..<1000).map { _ in b.next() })
        #expect(delays.allSatisfy { $0 >= .zero && $0 < .seconds(30) })
        // Uniform on [0, 30 s): the mean of 1000 draws is within 1.5 s of 15 s (about 5 standard errors).
        let mean = delays.map { Double($0.nanoseconds) / 1e9 }.reduce(0, +) / 1000
        #expect(abs(mean - 15) < 1.5, "mean \(mean)")
        var none = StartJitter(maximum: .zero, seed: 1)
        #expect(none.next() == .zero)
    }
}
