import Foundation
import Testing
import SondeCore
@testable import SondeStore

/// `gateSamples` (the gate's column loader) gives what `GateSample.all(load(run))` gives.
@Suite struct GateColumnsTests {
    typealias Backing = SampleStoreTests.Backing

    @Test(arguments: Backing.allCases)
    func gateColumnsEqualTheSamplesTheyComeFrom(backing: Backing) throws {
        let store = try backing.open()
        let a = try store.providerID(for: Provider(name: "b-second", kind: .centralized, region: "us", endpoint: "http://a/"))
        let b = try store.providerID(for: Provider(name: "a-first", kind: .depin, region: "eu", endpoint: "http://b/"))
        let info = SampleStoreTests.info()
        let writer = try store.makeWriter(runRowID: try store.beginRun(info))
        for (provider, offset) in [(a, 0), (b, 7)] {
            for sequence in 0..<50 {
                let k = sequence + offset
                // Every kind of attempt: success, failure, success without a total, zero total.
                let failed = k % 9 == 0
                let total: Int64? = k % 13 == 0 ? nil : k % 17 == 0 ? 0 : Int64(1000 + (k * 7919) % 5000)
                writer.record(Sample(providerID: provider, probe: .latency, sequence: Int64(sequence), intendedNs: 0, startedNs: 0,
                                     totalUs: failed ? nil : total, bytes: Int64(100 + k),
                                     errorClass: failed ? .refused : nil))
            }
            // Another probe kind that the gate must not read.
            writer.record(Sample(providerID: provider, probe: .tcp, sequence: 0, intendedNs: 0, startedNs: 0, totalUs: 3))
        }
        try writer.finish()
        let run = try store.run(.id(info.id))
        let columns = try store.gateSamples(run)
        let expected = GateSample.all(try store.load(run))
        #expect(columns == expected)
        #expect(columns["a-first"]?.attempts == 50)
        #expect((columns["a-first"]?.failures ?? 0) > 0)
    }
}
