import Testing
@testable import SondeCore

/// The time sonde was down (a gap in the heartbeat schedule, left by `sonde run --resume`) is
/// neither up nor down, and no interruption.
struct ObservationGapsTests {
    static let provider = Provider(name: "p", kind: .depin, region: "", jurisdiction: "", endpoint: "http://127.0.0.1/")

    /// Heartbeats one second apart from `startS`, sequences from `firstSequence`; `.` ok, `x` failed.
    static func heartbeats(_ pattern: String, startS: Int64, firstSequence: Int64) -> [Sample] {
        pattern.enumerated().map { index, mark in
            let intended = (startS + Int64(index)) * 1_000_000_000
            return Sample(providerID: 1, probe: .availability, sequence: firstSequence + Int64(index), intendedNs: intended,
                          startedNs: intended, totalUs: mark == "." ? 1000 : nil, httpStatus: mark == "." ? 200 : nil,
                          errorClass: mark == "." ? nil : .refused)
        }
    }

    @Test func aGapSplitsTheScheduleAndIsNotObserved() {
        // 0-9 s, then sonde down for an hour, then 3610-3619 s.
        let samples = Self.heartbeats("..........", startS: 0, firstSequence: 0)
            + Self.heartbeats("..........", startS: 3610, firstSequence: 10)
        #expect(ObservationGaps.interval(of: samples) == 1_000_000_000)
        #expect(ObservationGaps.segments(samples).map(\.count) == [10, 10])
        let row = AvailabilityAnalysis([ProviderSeries(provider: Self.provider, samples: samples.reversed())],
                                       failuresToInterrupt: 3, confidence: 0.95, job: .init()).rows[0]
        #expect(row.observedUs == 18e6, "9 s on either side, not the hour between")
        #expect(row.availability == 1 && row.downUs == 0 && row.interruptions == 0)
        #expect(row.mtbf.pointUs == nil && row.mtbf.lowerUs < 18e6)
        #expect(row.gaps == [ObservationGaps.Gap(startNs: 9_000_000_000, endNs: 3_610_000_000_000)])
    }

    @Test func failuresOnEitherSideOfAGapAreNotJoinedAcrossIt() {
        // Two failures before the crash and two after: blips on each side (3 make an interruption),
        // where joined across the gap they would make one interruption holding the whole hour.
        let samples = Self.heartbeats("......xx", startS: 0, firstSequence: 0)
            + Self.heartbeats("xx......", startS: 3600, firstSequence: 8)
        let row = AvailabilityAnalysis([ProviderSeries(provider: Self.provider, samples: samples)],
                                       failuresToInterrupt: 3, confidence: 0.95, job: .init()).rows[0]
        #expect(row.failures == 4 && row.interruptions == 0 && row.downUs == 0)
        #expect(row.observedUs == 14e6)
    }

    @Test func anEpisodeOpenAtTheCrashIsCensoredThere() {
        // Down from 5 s to the crash (7 s last heartbeat); after the resume, up from the first heartbeat.
        let samples = Self.heartbeats(".....xxx", startS: 0, firstSequence: 0)
            + Self.heartbeats("......", startS: 100, firstSequence: 8)
        let row = AvailabilityAnalysis([ProviderSeries(provider: Self.provider, samples: samples)],
                                       failuresToInterrupt: 3, confidence: 0.95, job: .init()).rows[0]
        #expect(row.interruptions == 1 && row.episodes[0].startNs == 5_000_000_000 && row.episodes[0].endNs == nil)
        #expect(row.downUs == 2e6, "5-7 s, not up to the first heartbeat after the resume")
        #expect(row.observedUs == 12e6)
        #expect(row.availability == 10.0 / 12.0)
    }

    @Test func aScheduleWithoutGapsIsOneSegment() {
        let samples = Self.heartbeats("..x..x....", startS: 0, firstSequence: 0)
        #expect(ObservationGaps.segments(samples).map(\.count) == [10])
        let row = AvailabilityAnalysis([ProviderSeries(provider: Self.provider, samples: samples)],
                                       failuresToInterrupt: 3, confidence: 0.95, job: .init()).rows[0]
        #expect(row.gaps == nil, "an uninterrupted run's rows (and JSON) carry no gaps")
        #expect(ObservationGaps.segments([]).isEmpty)
        #expect(ObservationGaps.segments(Array(samples.prefix(1))).map(\.count) == [1])
    }
}
