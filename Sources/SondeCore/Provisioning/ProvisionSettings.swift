/// A provider's `provision:` block (docs/provisioning.md): how sonde asks for a machine, watches
/// it start, finds its endpoint and destroys it. Strings keep their `${ENV}` references and
/// `{id}`/`{endpoint}` placeholders; they are resolved only when a command runs.
public struct ProvisionSettings: Sendable, Equatable {
    public enum Adapter: String, Sendable, CaseIterable {
        case command
        case awsEC2 = "aws-ec2"
        case akash
        case emulated
    }

    public var adapter: Adapter
    /// For command-driven adapters (command, and the aws-ec2 preset expanded): the argv templates.
    /// nil for `emulated`, whose control API sits at the provider endpoint's origin.
    public var commands: CommandSpec?
    /// The URL whose first healthy (2xx/3xx) answer marks the machine reachable. Placeholders
    /// `{endpoint}` and `{id}`; nil means the endpoint the provider reported (or, without one,
    /// the provider's configured endpoint).
    public var healthURL: String?
    /// Time between status polls and between health checks.
    public var pollInterval: Duration
    /// From the request until the machine must be reachable; a child still running then is killed.
    public var deadline: Duration
    /// How long teardown may take before the machine is reported leaked.
    public var destroyTimeout: Duration
    /// Attempts per provider in one `sonde provision run`.
    public var attempts: Int
    /// `emulated` only: the divisor the emulator applies to its modelled times (`time_scale`),
    /// so that reports can say what the measured seconds stand for.
    public var timeScale: Double? = nil
    /// `akash` only: the deployment flow's settings.
    public var akash: AkashPreset? = nil

    public init(adapter: Adapter, commands: CommandSpec? = nil, healthURL: String? = nil,
                pollInterval: Duration = .seconds(2), deadline: Duration = .seconds(600),
                destroyTimeout: Duration = .seconds(120), attempts: Int = 1) {
        self.adapter = adapter
        self.commands = commands
        self.healthURL = healthURL
        self.pollInterval = pollInterval
        self.deadline = deadline
        self.destroyTimeout = destroyTimeout
        self.attempts = attempts
    }
}

/// The argv templates of a command-driven provisioner, run without a shell. Each element may hold
/// `${ENV}` references (resolved from the environment at run time, never stored), `{id}`, and
/// `{attempt}` (the attempt's identity, chosen before `create` runs).
public struct CommandSpec: Sendable, Equatable {
    /// Should carry `{attempt}` in a name or tag, so that `find` can look the machine up.
    public var create: [String]
    /// Reads the provider's id from `create`'s standard output.
    public var id: ValueExtraction
    public var status: [String]
    /// Reads the state word from `status`'s output.
    public var state: ValueExtraction
    /// State words that mean running.
    public var runningStates: [String]
    /// State words that mean the machine failed and will not run (e.g. terminated).
    public var failedStates: [String]
    /// Reads the endpoint (host, host:port or URL) from `status`'s output once running.
    public var endpoint: ValueExtraction?
    public var destroy: [String]
    /// Lists the ids of live machines carrying `{attempt}`, whitespace-separated (none: empty
    /// output). nil: machines cannot be looked up, so an interrupted create is `possibly_leaked`.
    public var find: [String]?

    public init(create: [String], id: ValueExtraction, status: [String], state: ValueExtraction,
                runningStates: [String] = ["running"], failedStates: [String] = [], endpoint: ValueExtraction? = nil,
                destroy: [String], find: [String]? = nil) {
        self.create = create
        self.id = id
        self.status = status
        self.state = state
        self.runningStates = runningStates
        self.failedStates = failedStates
        self.endpoint = endpoint
        self.destroy = destroy
        self.find = find
    }
}
