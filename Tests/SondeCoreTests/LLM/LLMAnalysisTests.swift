import Testing
@testable import SondeCore

@Suite struct LLMAnalysisTests {
    static let provider = Provider(name: "p", kind: .depin, region: "r", endpoint: "http://x")

    static func data() -> LLMProviderData {
        var samples: [Sample] = []
        var records: [LLMRequestRecord] = []
        // Four successes (TTFT 100..400 ms, TPOT 10..40 ms, 11 tokens, 1 s each) and one 429.
        for k in 0..<4 {
            samples.append(Sample(providerID: 1, probe: .llm, sequence: Int64(k), intendedNs: 0, startedNs: Int64(k) * 1_000_000_000,
                                  ttfbUs: Int64(k + 1) * 100_000, totalUs: 1_000_000))
            records.append(LLMRequestRecord.summarise(
                providerID: 1, sequence: Int64(k),
                offsetsUs: (0..<11).map { Int64(k + 1) * 100_000 + Int64($0) * Int64(k + 1) * 10_000 },
                endUs: Int64(k + 1) * 100_000 + 10 * Int64(k + 1) * 10_000, usageTokens: k == 3 ? nil : 11, promptTokens: 8))
        }
        samples.append(Sample(providerID: 1, probe: .llm, sequence: 4, intendedNs: 0, startedNs: 0, totalUs: 500,
                              httpStatus: 429, errorClass: .rateLimited))
        records.append(LLMRequestRecord(providerID: 1, sequence: 4, retryAfterS: 2))
        return LLMProviderData(provider: provider, samples: samples, records: records)
    }

    @Test func seriesHoldSuccessfulRequestsOnly() {
        let series = LLMSeries(Self.data())
        #expect(series.ttftUs == [100_000, 200_000, 300_000, 400_000])
        #expect(series.tpotUs == [10_000, 20_000, 30_000, 40_000])
        #expect(series.ttftQuantile(0.5) == 250_000)
        // Type 7: 30,000 + 0.97 × 10,000.
        #expect(abs(series.tpotQuantile(0.99)! - 39_700) < 1e-6)
    }

    @Test func rowsCountErrorsGoodputAndTokenSources() {
        let analysis = LLMAnalysis([Self.data()], sloTTFT: .milliseconds(250), sloTPOT: .milliseconds(25))
        let row = analysis.rows[0]
        #expect(row.requests == 5 && row.ok == 4)
        #expect(row.errors.map(\.errorClass) == [.rateLimited])
        // Two of five requests meet both SLOs (TTFT 100/200 ms, TPOT 10/20 ms).
        #expect(row.goodput == 0.4)
        #expect(row.tokenSources == [.usage: 3, .counted: 1])
        #expect(row.maxRetryAfterS == 2)
        #expect(row.ttft?.p50 == 250_000 && row.tpot?.p50 == 25_000)
        // 44 tokens over 4 s (first start 0, last end 4 s); 11 tokens per 1 s request.
        #expect(row.outputTokensPerSecond == 11 && row.medianRequestTokensPerSecond == 11)
        #expect(row.itl?.count == 40)
        #expect(LLMAnalysis([Self.data()]).rows[0].goodput == nil)
    }
}
