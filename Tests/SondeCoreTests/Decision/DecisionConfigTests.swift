import Foundation
import Testing
@testable import SondeCore

struct DecisionConfigTests {
    static func config(providers: String, extra: String = "") -> String {
        "providers:\n" + providers + extra
    }

    static let cloud = """
      - name: cloud
        kind: centralized
        endpoint: http://127.0.0.1:1/
        price: { per_hour: 32.77, currency: USD, egress_per_gib: 0.09 }
        billing: 1h
        wait: 21d

    """
    static let depin = """
      - name: depin
        kind: depin
        endpoint: http://127.0.0.1:2/
        price: { per_gpu_hour: 1.10, gpus: 8, currency: USD }

    """
    static let workloads = """
    workloads:
      - name: train-40h
        kind: training
        compute: 40h
        checkpoint_cost: 5m
        restart_cost: 10m
      - name: chat
        kind: inference
        slo: { ttft: 500ms, tpot: 50ms, percentile: 99 }

    """

    static func failure(_ text: String) -> ConfigError? {
        do {
            _ = try ConfigLoader.parse(text, source: "sonde.yaml")
            return nil
        } catch {
            return error
        }
    }

    @Test func pricesWaitBillingAndWorkloadsParse() throws {
        let config = try ConfigLoader.parse(Self.config(providers: Self.cloud + Self.depin, extra: Self.workloads), source: "sonde.yaml")
        let cloud = try #require(config.providers[0].pricing)
        #expect(cloud.source == .perHour(32.77) && cloud.currency == "USD" && cloud.egressPerGiB == 0.09)
        #expect(cloud.billing == .seconds(3600) && cloud.statedWait == .seconds(21 * 86_400))
        #expect(config.providers[1].pricing?.source == .perHour(8.8))
        #expect(config.providers[1].pricing?.billing == .seconds(1))
        #expect(config.workloads.count == 2)
        #expect(config.workloads[0] == .training(TrainingWorkload(name: "train-40h", compute: .seconds(144_000),
                                                                  checkpointCost: .seconds(300), restartCost: .seconds(600))))
        #expect(config.workloads[1] == .inference(InferenceWorkload(name: "chat", ttft: .milliseconds(500), tpot: .milliseconds(50),
                                                                    targetShare: 0.99)))
        #expect(config.currency.currency == "USD")
        let resolved = try ResolvedPrice.resolve(config, catalogs: [:])
        #expect(resolved.map(\.perHour) == [32.77, 8.8])
    }

    @Test func negativePriceNamesLineAndField() throws {
        let text = Self.config(providers: Self.cloud.replacingOccurrences(of: "32.77", with: "-1"))
        let error = try #require(Self.failure(text))
        #expect(error.description == "sonde.yaml:5: providers[0].price.per_hour: -1 is negative")
    }

    @Test func missingCurrencyNamesLineAndField() throws {
        let text = Self.config(providers: Self.depin.replacingOccurrences(of: ", currency: USD", with: ""))
        let error = try #require(Self.failure(text))
        #expect(error.line == 5 && error.field == "providers[0].price.currency")
    }

    @Test func mixedCurrenciesNeedARate() throws {
        let euro = Self.depin.replacingOccurrences(of: "currency: USD", with: "currency: EUR")
        let error = try #require(Self.failure(Self.config(providers: Self.cloud + euro)))
        #expect(error.line == 11 && error.field == "providers[1].price.currency")
        #expect(error.problem.contains("EUR differs from the report's USD"))
        let config = try ConfigLoader.parse(Self.config(providers: Self.cloud + euro, extra: "prices: { currency: USD, rates: { EUR: 1.5 } }\n"),
                                            source: "sonde.yaml")
        let resolved = try ResolvedPrice.resolve(config, catalogs: [:])
        #expect(abs(resolved[1].perHour - 13.2) < 1e-12 && resolved[1].currency == "USD")
    }

    @Test func jobShorterThanItsCheckpointCost() throws {
        let text = Self.config(providers: Self.depin, extra: Self.workloads.replacingOccurrences(of: "compute: 40h", with: "compute: 4m"))
        let error = try #require(Self.failure(text))
        #expect(error.description == "sonde.yaml:10: workloads[0].checkpoint_cost: 5m is not shorter than the job's compute (4m)")
    }

    @Test func waitInDaysAndAZeroWait() throws {
        #expect(Grammar.duration("21d") == .seconds(21 * 86_400))
        let text = Self.config(providers: Self.cloud.replacingOccurrences(of: "wait: 21d", with: "wait: 0s"))
        #expect(try ConfigLoader.parse(text, source: "s").providers[0].pricing?.statedWait == .zero)
    }

    @Test func inferenceNeedsAnSLO() throws {
        let text = Self.config(providers: Self.depin, extra: "workloads:\n  - name: x\n    kind: inference\n    slo: { percentile: 99 }\n")
        let error = try #require(Self.failure(text))
        #expect(error.line == 9 && error.field == "workloads[0].slo")
    }
}
