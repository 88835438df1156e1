import Testing
@testable import SondeCore

@Suite struct ProvisioningAnalysisTests {
    static let second: Int64 = 1_000_000_000

    /// An attempt starting at `start` seconds with the given stage lengths (nil: not reached).
    static func record(_ attempt: Int, start: Int64, accept: Double?, boot: Double?, reach: Double?,
                       outcome: ProvisionOutcome, provider: String = "depin") -> ProvisionRecord {
        var r = ProvisionRecord(provider: provider, attempt: attempt, requestedNs: start * second, outcome: outcome)
        var t = r.requestedNs
        if let accept { t += Int64(accept * 1e9); r.acceptedNs = t }
        if let boot { t += Int64(boot * 1e9); r.runningNs = t }
        if let reach { t += Int64(reach * 1e9); r.reachableNs = t }
        // Destroy requested 5 s after the last phase (probes ran), done 2 s later: teardown is 2 s.
        r.teardownRequestedNs = t + 5 * second
        r.tornDownNs = t + 7 * second
        return r
    }

    @Test func quantilesPerStageMatchNumpy() {
        // python3 -c "import numpy as np; print(np.percentile([0.5,1.5,2.0,4.0],[50,90]))"  → [1.75 3.4]
        // python3 -c "import numpy as np; print(np.percentile([10.0,12.5,30.0],[50,90]))"  → [12.5 26.5]
        let records = [
            Self.record(1, start: 0, accept: 0.5, boot: 10, reach: 1, outcome: .ready),
            Self.record(2, start: 100, accept: 1.5, boot: 30, reach: 1, outcome: .ready),
            Self.record(3, start: 200, accept: 2.0, boot: nil, reach: nil, outcome: .capacityUnavailable),
            Self.record(4, start: 300, accept: 4.0, boot: 12.5, reach: 1, outcome: .ready),
        ]
        let analysis = ProvisioningAnalysis(records: records)
        let summary = analysis.providers[0]
        #expect(summary.attempts == 4 && summary.ready == 3 && summary.successRate == 0.75)
        #expect(summary.outcomes.map(\.outcome) == [.ready, .capacityUnavailable])
        let accepting = summary.stage(.accepting)!
        #expect(accepting.n == 4 && abs(accepting.p50Seconds - 1.75) < 1e-9 && abs(accepting.p90Seconds - 3.4) < 1e-9)
        #expect(accepting.maxSeconds == 4.0)
        let starting = summary.stage(.starting)!
        #expect(starting.n == 3 && abs(starting.p50Seconds - 12.5) < 1e-9 && abs(starting.p90Seconds - 26.5) < 1e-9)
        #expect(summary.stage(.reaching)?.n == 3)
        #expect(summary.stage(.total)?.maxSeconds == 32.5)
        // Teardown counts from the destroy request, failed attempts included.
        #expect(summary.stage(.teardown)?.n == 4 && summary.stage(.teardown)?.p50Seconds == 2)
    }

    @Test func attemptsInProgressAreLeftOutAndProvidersKeepTheirOrder() {
        var running = Self.record(1, start: 0, accept: 1, boot: nil, reach: nil, outcome: .ready)
        running.outcome = nil
        let records = [Self.record(1, start: 0, accept: 1, boot: 1, reach: 1, outcome: .ready, provider: "z"),
                       running,
                       Self.record(1, start: 0, accept: nil, boot: nil, reach: nil, outcome: .failed, provider: "a")]
        let analysis = ProvisioningAnalysis(records: records)
        #expect(analysis.providers.map(\.provider) == ["z", "a"])
        #expect(analysis.providers[1].successRate == 0)
        #expect(analysis.providers[1].stage(.accepting) == nil)
    }
}
