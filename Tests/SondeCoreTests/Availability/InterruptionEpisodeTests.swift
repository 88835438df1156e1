import Testing
@testable import SondeCore

struct InterruptionEpisodeTests {
    /// Heartbeats one second apart; `pattern` has `.` for a success and `x` for a failure.
    static func heartbeats(_ pattern: String, error: ErrorClass = .refused) -> [Sample] {
        pattern.enumerated().map { index, mark in
            Sample(providerID: 1, probe: .availability, sequence: Int64(index), intendedNs: Int64(index) * 1_000_000_000,
                   startedNs: Int64(index) * 1_000_000_000, totalUs: mark == "." ? 1000 : nil, bytes: 0,
                   httpStatus: mark == "." ? 200 : nil, errorClass: mark == "." ? nil : error)
        }
    }

    @Test func anInterruptionNeedsKConsecutiveFailures() {
        let samples = Self.heartbeats("..xx..xxx...xxxx.")
        let episodes = InterruptionEpisode.find(in: samples, failuresToInterrupt: 3)
        #expect(episodes.count == 2)
        #expect(episodes[0] == InterruptionEpisode(startNs: 6_000_000_000, endNs: 9_000_000_000, failedAttempts: 3, errorClass: .refused))
        #expect(episodes[1].startNs == 12_000_000_000 && episodes[1].endNs == 16_000_000_000 && episodes[1].failedAttempts == 4)
        #expect(InterruptionEpisode.find(in: samples, failuresToInterrupt: 2).count == 3)
    }

    @Test func anEpisodeOpenAtTheEndHasNoEnd() {
        let episodes = InterruptionEpisode.find(in: Self.heartbeats("...xxx").reversed(), failuresToInterrupt: 3)
        #expect(episodes == [InterruptionEpisode(startNs: 3_000_000_000, endNs: nil, failedAttempts: 3, errorClass: .refused)])
    }

    /// Observed 0-19 s, down 4-7 s and 12-15 s (the lone failure at 8 s is a blip): availability 13/19
    /// (time-weighted), MTBF 13 s / 2 = 6.5 s, MTTR 3 s.
    @Test func availabilityIsTimeWeighted() {
        let provider = Provider(name: "p", kind: .depin, region: "", jurisdiction: "", endpoint: "http://127.0.0.1/")
        let series = ProviderSeries(provider: provider, samples: Self.heartbeats("....xxx.x...xxx.....", error: .http5xx))
        let analysis = AvailabilityAnalysis([series], failuresToInterrupt: 3, confidence: 0.95, job: .init())
        let row = analysis.rows[0]
        #expect(row.attempts == 20 && row.failures == 7 && row.interruptions == 2)
        #expect(row.observedUs == 19e6 && row.downUs == 6e6)
        #expect(isClose(row.availability!, 13.0 / 19.0))
        #expect(row.mtbf.pointUs == 6.5e6)
        #expect(row.mttrUs == 3e6)
        #expect(row.advice?.mtbfBasis == "point")
    }
}
