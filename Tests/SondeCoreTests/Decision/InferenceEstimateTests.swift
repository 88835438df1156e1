import Foundation
import Testing
@testable import SondeCore

struct InferenceEstimateTests {
    static let price = ResolvedPrice(provider: "p", perHour: 3.6, egressPerGiB: 0, currency: "USD", billingSeconds: 1,
                                     statedWaitSeconds: 0, origin: "config")

    /// Ten requests of 100 tokens over 10 s; TTFT 0.1 s … 1.0 s; an SLO of TTFT ≤ 0.5 s admits five.
    /// Goodput 500 tokens / 10 s × availability 0.8 = 40 tokens/s; 3.6 USD/h = 0.001 USD/s → 25 USD per million.
    @Test func shareGoodputAndCostByHand() {
        let requests = (1...10).map { i in
            InferenceRequest(ok: true, ttftSeconds: Double(i) / 10, tpotSeconds: 0.02, totalSeconds: 2, outputTokens: 100)
        }
        let slo = InferenceWorkload(name: "chat", ttft: .milliseconds(500), targetShare: 0.9)
        let e = InferenceEstimate(service: slo, provider: "p", requests: requests, windowSeconds: 10, availability: 0.8, price: Self.price)
        #expect(e.share == 0.5 && !e.meetsTarget)
        #expect(e.goodputTokensPerSecond == 50)
        #expect(abs(e.costPerMillionTokens - 25) < 1e-9)
        #expect(e.shareInterval.contains(0.5) && e.shareInterval.lowerBound < 0.5 && e.shareInterval.upperBound > 0.5)
        #expect(e.costInterval.contains(25))
    }

    /// A failed request never meets the SLO, whatever its timings.
    @Test func failuresDoNotCount() {
        let requests = [InferenceRequest(ok: false, ttftSeconds: 0.1, tpotSeconds: 0.01, totalSeconds: 0.5, outputTokens: 10),
                        InferenceRequest(ok: true, ttftSeconds: 0.1, tpotSeconds: 0.01, totalSeconds: 0.5, outputTokens: 10)]
        let slo = InferenceWorkload(name: "chat", total: .seconds(1), targetShare: 0.5)
        let e = InferenceEstimate(service: slo, provider: "p", requests: requests, windowSeconds: 1, availability: 1, price: Self.price)
        #expect(e.share == 0.5 && e.meetsTarget)
    }
}
