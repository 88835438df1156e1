import Foundation
import Testing
import SondeCore
@testable import SondeStore

@Suite struct ProvisionStoreTests {
    static let provider = Provider(name: "gpu", kind: .depin, region: "eu", endpoint: "http://127.0.0.1:1/")

    @Test(arguments: SampleStoreTests.Backing.allCases)
    func attemptsRoundTripAndUpdateInPlace(backing: SampleStoreTests.Backing) throws {
        let store = try backing.open()
        let info = SampleStoreTests.info()
        let run = try store.beginRun(info)
        let provider = try store.providerID(for: Self.provider)
        var record = ProvisionRecord(provider: "gpu", attempt: 1, requestedNs: 100)
        try store.saveProvision(record, runRowID: run, providerID: provider, adapter: "command")
        record.providerResourceID = "i-0abc"
        record.acceptedNs = 200
        try store.saveProvision(record, runRowID: run, providerID: provider, adapter: "command")
        record.runningNs = 300
        record.reachableNs = 400
        record.teardownRequestedNs = 450
        record.tornDownNs = 500
        record.outcome = .ready
        record.endpoint = "http://10.0.0.1:8000/"
        record.bidPrice = BidPrice(amountPerBlock: 12.5, denom: "uakt", perHour: 0.0225, currency: "USD")
        try store.saveProvision(record, runRowID: run, providerID: provider, adapter: "command")
        let failed = ProvisionRecord(provider: "gpu", attempt: 2, requestedNs: 600, outcome: .quotaExceeded,
                                     errorClass: .http4xx, detail: "InstanceLimitExceeded")
        try store.saveProvision(failed, runRowID: run, providerID: provider, adapter: "command")
        #expect(try store.provisions(runID: info.id) == [record, failed])
        #expect(try store.provisionAdapter(runRowID: run, providerID: provider, attempt: 2) == "command")
    }

    @Test(arguments: SampleStoreTests.Backing.allCases)
    func openProvisionsAreThoseOfDeadRunsWithAnIdAndNoTeardown(backing: SampleStoreTests.Backing) throws {
        let store = try backing.open()
        let dead = SampleStoreTests.info()
        let live = SampleStoreTests.info()
        let deadRow = try store.beginRun(dead)
        let liveRow = try store.beginRun(live)
        let provider = try store.providerID(for: Self.provider)
        let leaked = ProvisionRecord(provider: "gpu", attempt: 1, requestedNs: 1, providerResourceID: "i-left", acceptedNs: 2)
        try store.saveProvision(leaked, runRowID: deadRow, providerID: provider, adapter: "aws-ec2")
        // Never accepted: nothing to destroy.
        try store.saveProvision(ProvisionRecord(provider: "gpu", attempt: 2, requestedNs: 3), runRowID: deadRow,
                                providerID: provider, adapter: "aws-ec2")
        try store.saveProvision(ProvisionRecord(provider: "gpu", attempt: 3, requestedNs: 4, providerResourceID: "i-gone",
                                                acceptedNs: 5, tornDownNs: 9, outcome: .ready),
                                runRowID: deadRow, providerID: provider, adapter: "aws-ec2")
        // Still being provisioned by a live run: not ours to destroy.
        try store.saveProvision(ProvisionRecord(provider: "gpu", attempt: 1, requestedNs: 1, providerResourceID: "i-live"),
                                runRowID: liveRow, providerID: provider, adapter: "aws-ec2")
        #expect(try store.openProvisions().isEmpty)
        try store.finishRun(dead.id, status: .interrupted, finishedNs: 10)
        let open = try store.openProvisions()
        #expect(open.map(\.record.providerResourceID) == ["i-left"])
        #expect(open.first?.runID == dead.id && open.first?.configText == "providers: []")
    }
}
