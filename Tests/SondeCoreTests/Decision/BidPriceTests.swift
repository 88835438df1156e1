import Foundation
import Testing
@testable import SondeCore

/// An akash provider without a configured `price:` is priced from the bids its run accepted.
struct BidPriceTests {
    static let config = """
        prices: { currency: EUR, rates: { USD: 0.9 } }
        providers:
          - name: akash-eu
            kind: depin
            endpoint: http://127.0.0.1:1/
            provision: { adapter: akash, sdl: d.yaml, from: sonde, owner: o, token_rate: { uakt: 0.000003, currency: USD }, block_time: 6s }
          - name: akash-priced
            kind: depin
            endpoint: http://127.0.0.1:2/
            provision: { adapter: akash, sdl: d.yaml, from: sonde, owner: o }
            price: { per_hour: 1.5, currency: EUR }
        """

    static func attempt(_ provider: String, _ n: Int, _ bid: BidPrice?) -> ProvisionRecord {
        var record = ProvisionRecord(provider: provider, attempt: n, requestedNs: 0)
        record.bidPrice = bid
        return record
    }

    /// Two bids of 0.0225 and 0.0675 USD/h: mean 0.045 USD/h × 0.9 EUR/USD = 0.0405 EUR/h. The
    /// provider with its own `price:` keeps it (no bid price is added for it).
    @Test func meanOfTheAcceptedBidsInTheReportCurrency() throws {
        let config = try ConfigLoader.parse(Self.config, source: "c.yaml")
        let bids = [Self.attempt("akash-eu", 1, BidPrice(amountPerBlock: 12.5, denom: "uakt", perHour: 0.0225, currency: "USD")),
                    Self.attempt("akash-eu", 2, BidPrice(amountPerBlock: 37.5, denom: "uakt", perHour: 0.0675, currency: "USD")),
                    Self.attempt("akash-priced", 1, BidPrice(amountPerBlock: 1, denom: "uakt", perHour: 0.0018, currency: "USD"))]
        let (prices, notes) = RunAnalysis.bidPrices(bids, config: config, configured: [])
        #expect(notes.isEmpty)
        let price = try #require(prices.first)
        #expect(prices.count == 1 && price.provider == "akash-eu" && price.currency == "EUR")
        #expect(abs(price.perHour - 0.0405) < 1e-12)
        #expect(price.origin == "akash bid (mean of 2 accepted bids)")
    }

    /// A per-block bid without a token rate cannot be priced per hour: a note, no price.
    @Test func unconvertedBidsAreNamedNotPriced() throws {
        let config = try ConfigLoader.parse(Self.config, source: "c.yaml")
        let (prices, notes) = RunAnalysis.bidPrices([Self.attempt("akash-eu", 1, BidPrice(amountPerBlock: 12.5, denom: "uakt"))],
                                                    config: config, configured: [])
        #expect(prices.isEmpty)
        #expect(notes == ["akash-eu: the accepted akash bids (per block, uakt) have no hourly price: "
                          + "set provision.token_rate and provision.block_time, or price:."])
    }

    /// One currency per report: a token rate in a currency without a stated rate exits 64 naming the field.
    @Test func bidCurrencyNeedsARate() {
        do {
            _ = try ConfigLoader.parse(Self.config.replacingOccurrences(of: ", rates: { USD: 0.9 }", with: ""), source: "c.yaml")
            Issue.record("a USD token rate in an EUR report without a rate was accepted")
        } catch {
            #expect(error.field == "providers[0].provision.token_rate.currency" && error.line == 3, "\(error)")
        }
    }

    /// Conversion: amount × rate × 3600 s / block time; a rate for another denomination leaves it unconverted.
    @Test func conversion() {
        let rate = TokenRate(denom: "uakt", perUnit: 0.000003, currency: "USD")
        let bid = BidPrice(amountPerBlock: 12.5, denom: "uakt", rate: rate, blockTime: .seconds(6))
        #expect(abs(bid.perHour! - 0.0225) < 1e-12 && bid.currency == "USD")
        #expect(BidPrice(amountPerBlock: 12.5, denom: "uusdc", rate: rate, blockTime: .seconds(6)).perHour == nil)
    }
}
