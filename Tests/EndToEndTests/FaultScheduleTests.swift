import Foundation
import SondeCore
import SondeEmulator
import Testing

/// Faults that come and go (`fault_schedule`, `fault_probability`) and the secrets hook
/// (`require_header`), through the built binary. Serialized: these measure time.
@Suite(.serialized) struct FaultScheduleTests {
    @Test func scheduledFaultComesAndGoes() async throws {
        // 10 attempts 100 ms apart across 503 windows of 200 ms every 400 ms.
        let run = try await FaultRun.run(fleet: FaultRun.fleet(
            faulty: #"fault: "status:503", fault_schedule: { every: 400ms, duration: 200ms }"#))
        run.expectCompleteWithHealthyIntact()
        let faulty = run.samples("faulty")
        #expect(faulty.count == FaultRun.samples)
        let failed = faulty.filter { !$0.succeeded }
        #expect(failed.allSatisfy { $0.errorClass == .http5xx && $0.httpStatus == 503 }, "\(run.outcomes("faulty"))")
        #expect(failed.count >= 2 && failed.count <= 8, "faults should come and go: \(run.outcomes("faulty"))")
        #expect(faulty.filter(\.succeeded).allSatisfy { $0.httpStatus == 200 })
    }

    @Test func probabilisticFaultHitsSomeRequestsOnly() async throws {
        let run = try await FaultRun.run(fleet: FaultRun.fleet(faulty: "fault: reset, fault_probability: 0.4"))
        run.expectCompleteWithHealthyIntact()
        let faulty = run.samples("faulty")
        #expect(faulty.count == FaultRun.samples)
        let failed = faulty.filter { !$0.succeeded }
        #expect(failed.allSatisfy { $0.errorClass == .reset }, "\(run.outcomes("faulty"))")
        #expect(!failed.isEmpty && failed.count < faulty.count, "\(run.outcomes("faulty"))")
    }

    /// The secret is referenced as `${ENV}` in sonde.yaml; the emulator counts the requests that
    /// carried it exactly, so the test knows it was really sent, and it is stored nowhere.
    @Test func secretHeaderReachesTheProviderAndIsNotStored() async throws {
        let secret = "s3cret-\(UUID().uuidString)"
        let requirement = #"require_header: { name: Authorization, value: "Bearer \#(secret)" }"#
        let fleet = FaultRun.fleet(faulty: requirement)
            + "  - { name: keyless, kind: depin, region: ap, latency: { median: 5ms, sigma: 0.1 }, \(requirement) }\n"
        var counts = (authorized: 0, unauthorized: 0, keyless: 0)
        let run = try await FaultRun.run(
            fleet: fleet,
            providerKeys: ["faulty": "    headers:\n      Authorization: \"Bearer ${SONDE_E2E_TOKEN}\"\n"],
            environment: ["SONDE_E2E_TOKEN": secret]
        ) { fleet in
            counts = (fleet.authorizedRequests(provider: "faulty"), fleet.unauthorizedRequests(provider: "faulty"),
                      fleet.unauthorizedRequests(provider: "keyless"))
        }
        run.expectCompleteWithHealthyIntact()
        #expect(run.samples("faulty").count == FaultRun.samples)
        #expect(run.samples("faulty").allSatisfy { $0.succeeded && $0.httpStatus == 200 }, "\(run.outcomes("faulty"))")
        #expect(counts.authorized == FaultRun.samples && counts.unauthorized == 0, "\(counts)")
        // Without the header: 401 on every attempt.
        run.expectEvery("keyless", is: .http4xx)
        #expect(run.samples("keyless").allSatisfy { $0.httpStatus == 401 })
        #expect(counts.keyless == FaultRun.samples)
        for file in try FileManager.default.contentsOfDirectory(atPath: run.directory.path) where file.hasPrefix("run.db") {
            let bytes = try Data(contentsOf: run.directory.appendingPathComponent(file))
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "the secret is stored in \(file)")
        }
    }
}
