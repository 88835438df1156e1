/// The `akash` adapter: the Akash deployment flow over the provider CLI (`provider-services`, the
/// successor of the `akash` binary), run through the same tool machinery as `command`:
/// create deployment from an SDL → wait for bids → create lease → send manifest → read the
/// lease's service URI → close deployment. The deployment sequence (`dseq`) is the machine's id.
public struct AkashPreset: Sendable, Equatable {
    /// The CLI binary.
    public var cli: String
    /// The SDL file deployed.
    public var sdl: String
    /// The key name that signs (`--from`).
    public var from: String
    /// The account address that owns the deployment (`--owner` of the bid query); often `${AKASH_OWNER}`.
    public var owner: String
    /// Extra flags for every call, e.g. `[--node, https://rpc…, --chain-id, akashnet-2, --keyring-backend, test]`.
    public var flags: [String]
    /// What one unit of the bid's denomination is worth (`token_rate`); without it the bid's
    /// price is stored per block only.
    public var tokenRate: TokenRate? = nil
    /// The chain's block time (`block_time`), which turns a per-block price into an hourly one.
    public var blockTime: Duration? = nil

    public init(cli: String = "provider-services", sdl: String, from: String, owner: String, flags: [String] = []) {
        self.cli = cli
        self.sdl = sdl
        self.from = from
        self.owner = owner
        self.flags = flags
    }

    /// Placeholders: `{dseq}` (chosen by sonde before the deployment is created, and stored
    /// first, so that an interrupted create can still be found and closed), `{provider}` (the chosen bidder).
    public var createDeployment: [String] {
        [cli, "tx", "deployment", "create", sdl, "--dseq", "{dseq}", "--from", from, "-y", "-o", "json"] + flags
    }
    /// The transaction's events carry the new deployment's sequence.
    public var dseq: ValueExtraction { .regex(#""key"\s*:\s*"dseq"\s*,\s*"value"\s*:\s*"(\d+)""#) }
    public var bids: [String] {
        [cli, "query", "market", "bid", "list", "--owner", owner, "--dseq", "{dseq}", "--state", "open", "-o", "json"] + flags
    }
    /// The first open bid's provider; absent while no provider has bid.
    public var bidProvider: ValueExtraction { .pointer(JSONPointer("/bids/0/bid/bid_id/provider")!) }
    /// The same bid's price per block (a decimal string) and its denomination (`uakt`).
    public var bidAmount: ValueExtraction { .pointer(JSONPointer("/bids/0/bid/price/amount")!) }
    public var bidDenom: ValueExtraction { .pointer(JSONPointer("/bids/0/bid/price/denom")!) }
    public var createLease: [String] {
        [cli, "tx", "market", "lease", "create", "--dseq", "{dseq}", "--provider", "{provider}", "--from", from, "-y", "-o", "json"]
            + flags
    }
    public var sendManifest: [String] {
        [cli, "send-manifest", sdl, "--dseq", "{dseq}", "--provider", "{provider}", "--from", from] + flags
    }
    public var leaseStatus: [String] {
        [cli, "lease-status", "--dseq", "{dseq}", "--provider", "{provider}", "--from", from] + flags
    }
    /// The first service URI (host or host:port) once the provider has started the workload.
    public var serviceURI: ValueExtraction { .regex(#""uris"\s*:\s*\[\s*"([^"]+)""#) }
    /// The deployment `{dseq}` as the chain holds it (fails with "not found" when it was never created).
    public var deployment: [String] {
        [cli, "query", "deployment", "get", "--owner", owner, "--dseq", "{dseq}", "-o", "json"] + flags
    }
    /// `active` while the deployment exists and bills; `closed` afterwards.
    public var deploymentState: ValueExtraction { .pointer(JSONPointer("/deployment/state")!) }
    public var closeDeployment: [String] {
        [cli, "tx", "deployment", "close", "--dseq", "{dseq}", "--from", from, "-y", "-o", "json"] + flags
    }
}
