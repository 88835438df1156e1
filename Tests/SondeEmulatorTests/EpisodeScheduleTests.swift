import SondeEmulator
import Testing

@Suite struct EpisodeScheduleTests {
    static let episodes = EmulatedProviderSpec.Episodes(every: .seconds(30), duration: .seconds(4), multiplier: 2.5)

    /// Samples the schedule every 100 ms over `seconds`, off the cooperative pool.
    static func activity(_ schedule: EpisodeSchedule, seconds: Int) async -> [Bool] {
        await offCooperativePool {
            (0..<(seconds * 10)).map { schedule.isActive(at: .milliseconds(100 * $0)) }
        }
    }

    @Test func shareOfTimeInEpisodesMatchesPoissonCoverage() async {
        let schedule = EpisodeSchedule(Self.episodes, seed: 1)
        let active = await Self.activity(schedule, seconds: 20_000) // about 670 episodes
        let share = Double(active.filter { $0 }.count) / Double(active.count)
        // 1 - exp(-4/30) = 0.125; the share's standard error over ~670 episodes is about 0.005.
        #expect(abs(share - schedule.expectedShareOfTime) < 0.02, "share \(share)")
    }

    @Test func episodesLastAtLeastTheirDuration() async {
        let active = await Self.activity(EpisodeSchedule(Self.episodes, seed: 2), seconds: 3_000)
        var runs: [Int] = []
        var current = 0
        for flag in active {
            if flag { current += 1 } else if current > 0 { runs.append(current); current = 0 }
        }
        // Overlapping episodes merge into longer runs, never shorter ones (40 samples = 4 s).
        #expect(!runs.isEmpty)
        #expect(runs.allSatisfy { $0 >= 39 }, "runs \(runs)")
    }

    @Test func scheduleIsAPureFunctionOfSeedAndTime() async {
        let first = await Self.activity(EpisodeSchedule(Self.episodes, seed: 3), seconds: 2_000)
        let again = await Self.activity(EpisodeSchedule(Self.episodes, seed: 3), seconds: 2_000)
        let other = await Self.activity(EpisodeSchedule(Self.episodes, seed: 4), seconds: 2_000)
        #expect(first == again)
        #expect(first != other)
        // Asking out of order (as concurrent requests do) gives the same answers.
        let schedule = EpisodeSchedule(Self.episodes, seed: 3)
        #expect(stride(from: 19_999, through: 0, by: -7).allSatisfy {
            schedule.isActive(at: .milliseconds(100 * $0)) == first[$0]
        })
    }

    @Test func factorIsTheMultiplierDuringAnEpisode() {
        let schedule = EpisodeSchedule(Self.episodes, seed: 5)
        let times = (0..<3_000).map { Duration.milliseconds(100 * $0) }
        #expect(times.allSatisfy { schedule.factor(at: $0) == (schedule.isActive(at: $0) ? 2.5 : 1) })
        #expect(times.contains { schedule.isActive(at: $0) })
    }
}
