import Foundation
import SondeCore
@testable import SondeEmulator
import Testing

/// The fault keys of a fleet file: `fault`, `fault_schedule`, `fault_probability`, `require_header`.
@Suite struct FleetSpecFaultTests {
    private func parse(_ keys: String) throws -> EmulatedProviderSpec {
        try FleetSpec.parse(yaml: """
            providers:
              - { name: p, kind: depin, region: eu, latency: { median: 5ms, sigma: 0.1 }, \(keys) }
            """, source: "fleet.yaml").providers[0]
    }

    private func error(_ keys: String) -> ConfigError? {
        do {
            _ = try parse(keys)
            return nil
        } catch {
            return error as? ConfigError
        }
    }

    @Test(arguments: [("reset", EmulatedProviderSpec.Fault.reset), ("truncate", .truncate),
                      ("\"dribble:20B/s\"", .dribble(bytesPerSecond: 20)), ("\"dribble:1KiB/s\"", .dribble(bytesPerSecond: 1024)),
                      ("\"dribble:2.5\"", .dribble(bytesPerSecond: 2.5)), ("\"status:429\"", .status(429))])
    func newFaultsParseAndRoundTrip(text: String, fault: EmulatedProviderSpec.Fault) throws {
        #expect(try parse("fault: \(text)").fault == fault)
        #expect(EmulatedProviderSpec.Fault(fault.description) == fault)
    }

    @Test(arguments: ["dribble:0", "dribble:", "dribble:-3B/s", "dribble:fast", "resets"])
    func badFaultsNameTheField(text: String) {
        #expect(error("fault: \"\(text)\"")?.field == "providers[0].fault")
    }

    @Test func scheduleProbabilityAndRequiredHeaderParse() throws {
        let provider = try parse(#"fault: stall, fault_schedule: { every: 10s, duration: 3s }, fault_probability: 0.3, "#
                                 + #"require_header: { name: Authorization, value: "Bearer xyz" }"#)
        #expect(provider.faultSchedule == .init(every: .seconds(10), duration: .seconds(3)))
        #expect(provider.faultProbability == 0.3)
        #expect(provider.requireHeader == .init(name: "Authorization", value: "Bearer xyz"))
    }

    @Test func badScheduleValuesAreRejected() {
        #expect(error("fault: stall, fault_schedule: { every: 1s, duration: 2s }")?.field == "providers[0].fault_schedule.duration")
        #expect(error("fault: stall, fault_schedule: { every: 0s, duration: 0s }")?.field == "providers[0].fault_schedule.every")
        #expect(error("fault: stall, fault_schedule: { every: 1s }")?.field == "providers[0].fault_schedule.duration")
        #expect(error("fault: stall, fault_probability: 1.5")?.field == "providers[0].fault_probability")
        #expect(error("require_header: { name: \"Bad Name\", value: x }")?.field == "providers[0].require_header.name")
    }

    @Test func refuseCannotBeScheduled() {
        let problem = error("fault: refuse, fault_probability: 0.5")
        #expect(problem?.field == "providers[0].fault_probability")
        #expect(problem?.problem.contains("cannot be scheduled") == true)
    }

    @Test func scheduleWindowsOpenAtTheStartOfEveryPeriod() {
        let schedule = EmulatedProviderSpec.FaultSchedule(every: .seconds(10), duration: .seconds(3))
        #expect(schedule.isActive(at: .zero))
        #expect(schedule.isActive(at: .milliseconds(2999)))
        #expect(!schedule.isActive(at: .seconds(3)))
        #expect(!schedule.isActive(at: .milliseconds(9999)))
        #expect(schedule.isActive(at: .seconds(21)))
    }

    /// The same seed draws the same faulty requests, and the draw leaves the delays unchanged.
    @Test func probabilisticFaultsAreReproducibleFromTheSeed() throws {
        var provider = try parse("fault: reset, fault_probability: 0.3")
        let origin = ContinuousClock.now
        func pattern(seed: UInt64) -> [Bool] {
            let handler = ProviderHandler(provider, fleetSeed: seed, origin: origin)
            return (0..<200).map { _ in handler.activeFault(at: origin) == .reset }
        }
        #expect(pattern(seed: 1) == pattern(seed: 1))
        #expect(pattern(seed: 1) != pattern(seed: 2))
        let share = Double(pattern(seed: 1).filter { $0 }.count) / 200
        #expect(abs(share - 0.3) < 0.1, "share \(share)")
        provider.faultProbability = nil
        #expect(pattern(seed: 1).allSatisfy { $0 })
    }
}
