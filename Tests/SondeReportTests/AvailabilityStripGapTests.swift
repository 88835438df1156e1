import SondeCore
@testable import SondeReport
import Testing

/// The heartbeat strip of a resumed run: the time sonde was down is drawn unknown, not up.
struct AvailabilityStripGapTests {
    @Test func aResumedRunsGapIsUnknownAndAnEpisodeOpenAtTheCrashEndsThere() throws {
        // 0-9 s with failures from 7 s (open at the crash), sonde down until 20 s, then up 20-29 s.
        let pattern = Array(".......xxx") + Array("..........")
        let samples = pattern.enumerated().map { index, mark in
            let intended = Int64(index < 10 ? index : index + 10) * 1_000_000_000
            return Sample(providerID: 1, probe: .availability, sequence: Int64(index), intendedNs: intended, startedNs: intended,
                          totalUs: mark == "." ? 900 : nil, httpStatus: mark == "." ? 200 : nil,
                          errorClass: mark == "." ? nil : .refused)
        }
        let provider = Provider(name: "p", kind: .depin, region: "", jurisdiction: "", endpoint: "http://127.0.0.1/")
        let analysis = AvailabilityAnalysis([ProviderSeries(provider: provider, samples: samples)], failuresToInterrupt: 3,
                                            confidence: 0.95, job: .init())
        let strip = AvailabilityStrip.fromHeartbeats(analysis)
        #expect(strip.durationS == 29)
        let row = try #require(strip.rows.first)
        #expect(row.episodes == [AvailabilityStrip.Episode(startS: 0, endS: 7, state: .up),
                                 AvailabilityStrip.Episode(startS: 7, endS: 9, state: .down),
                                 AvailabilityStrip.Episode(startS: 9, endS: 20, state: .unknown),
                                 AvailabilityStrip.Episode(startS: 20, endS: 29, state: .up)])
    }
}
