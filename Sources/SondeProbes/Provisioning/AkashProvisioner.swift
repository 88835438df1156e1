import Foundation
import Synchronization
import SondeCore

/// The `akash` adapter (see `AkashPreset`). `create` submits the deployment and returns its
/// dseq (accepted); `status` waits for a bid, then creates the lease and sends the manifest once,
/// then reads the lease status until the service has a URI (running); `destroy` closes the
/// deployment, which also ends its lease. No bid by the deadline is `capacity_unavailable`.
public struct AkashProvisioner: Provisioner {
    public let preset: AkashPreset
    public let environment: [String: String]
    public let deadline: ContinuousClock.Instant
    public let destroyTimeout: Duration
    /// How long before the deadline the last bid query may start.
    public let pollInterval: Duration
    public let stop: StopSignal
    /// The provider whose bid was leased, per dseq (shared by copies of this value).
    private let leases = Leases()

    private final class Leases: Sendable {
        let byDseq = Mutex<[String: String]>([:])
        /// The leased bid's price, per dseq.
        let prices = Mutex<[String: BidPrice]>([:])
    }

    public init(preset: AkashPreset, environment: [String: String], deadline: ContinuousClock.Instant, destroyTimeout: Duration,
                pollInterval: Duration, stop: StopSignal) {
        self.preset = preset
        self.environment = environment
        self.deadline = deadline
        self.destroyTimeout = destroyTimeout
        self.pollInterval = pollInterval
        self.stop = stop
    }

    private var tools: ToolRunner { ToolRunner(environment: environment, stop: stop) }

    /// A deployment sequence unlikely to clash with the owner's others: the chain's own default is the
    /// block height (about 10^7), so microseconds since the epoch stay clear of it and of each other.
    public func newAttemptKey() -> String {
        String(UInt64(Date().timeIntervalSince1970 * 1_000_000) &+ UInt64.random(in: 0..<1000))
    }

    public func create(attempt dseq: String) async throws(ProvisionFailure) -> String {
        let output = try await tools.run(preset.createDeployment, ["dseq": dseq], step: "create deployment", until: deadline,
                                         stoppable: .afterGrace(destroyTimeout))
        do {
            return try ToolRunner.read(preset.dseq, from: output, step: "create deployment")
        } catch {
            throw error.madeUncertain()
        }
    }

    public func find(attempt dseq: String) async throws(ProvisionFailure) -> [String]? {
        let output: String
        do {
            output = try await tools.run(preset.deployment, ["dseq": dseq], step: "find deployment", until: .now + destroyTimeout,
                                         stoppable: .never)
        } catch {
            if error.detail.lowercased().contains("not found") { return [] }
            throw error
        }
        let state = try ToolRunner.read(preset.deploymentState, from: output, step: "find deployment")
        return state == "closed" ? [] : [dseq]
    }

    public func status(id dseq: String) async throws(ProvisionFailure) -> ProvisionStatus {
        guard let provider = leases.byDseq.withLock({ $0[dseq] }) else {
            let noBids = ProvisionFailure(.capacityUnavailable, .timeout, "bids: no provider bid on deployment \(dseq) before the deadline")
            let output: String
            do {
                output = try await tools.run(preset.bids, ["dseq": dseq], step: "bids", until: deadline, stoppable: .now)
            } catch {
                // A bid query cut off by the deadline means the same as an empty answer at the deadline.
                throw error.outcome == .timeout ? noBids : error
            }
            guard let provider = try? preset.bidProvider.extract(from: output), !provider.isEmpty else {
                if ContinuousClock.now + pollInterval >= deadline { throw noBids }
                return .pending
            }
            let values = ["dseq": dseq, "provider": provider]
            _ = try await tools.run(preset.createLease, values, step: "create lease", until: deadline, stoppable: .now)
            leases.byDseq.withLock { $0[dseq] = provider }
            // A bid without a readable price still leases; the attempt is then recorded unpriced.
            if let amount = (try? preset.bidAmount.extract(from: output)).flatMap(Double.init),
               let denom = try? preset.bidDenom.extract(from: output), !denom.isEmpty {
                let price = BidPrice(amountPerBlock: amount, denom: denom, rate: preset.tokenRate, blockTime: preset.blockTime)
                leases.prices.withLock { $0[dseq] = price }
            }
            _ = try await tools.run(preset.sendManifest, values, step: "send manifest", until: deadline, stoppable: .now)
            return .pending
        }
        let output = try await tools.run(preset.leaseStatus, ["dseq": dseq, "provider": provider], step: "lease status",
                                         until: deadline, stoppable: .now)
        // No URI yet: the provider is still pulling the image or starting the container.
        guard let uri = try? preset.serviceURI.extract(from: output) else { return .pending }
        return .running(endpoint: uri)
    }

    public func acceptedPrice(id dseq: String) -> BidPrice? {
        leases.prices.withLock { $0[dseq] }
    }

    public func destroy(id dseq: String) async throws(ProvisionFailure) {
        _ = try await tools.run(preset.closeDeployment, ["dseq": dseq], step: "close deployment", until: .now + destroyTimeout,
                                stoppable: .never)
    }
}
