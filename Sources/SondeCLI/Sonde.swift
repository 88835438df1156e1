import ArgumentParser

/// The `sonde` command line.
@available(macOS 10.15, macCatalyst 13, iOS 13, tvOS 13, watchOS 6, *)
public struct Sonde: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sonde",
        abstract: "Benchmark compute providers: latency, its variance, and what they cost you.",
        discussion: """
            Exit codes: 0 success; 2 gate found a regression; 4 improvements only; 5 baseline missing;
            64 bad usage or configuration; 65 bad data; 66 input cannot be opened; 74 I/O error.
            """,
        version: "0.1.0",
        subcommands: [DemoCommand.self, RunCommand.self, RunsCommand.self, ReportCommand.self, GateCommand.self, PlanCommand.self, MergeCommand.self,
                      EmulateCommand.self, ScheduleCommand.self, ProvisionCommand.self, ImportCommand.self, PruneCommand.self])

    public init() {}

    /// Parses the process arguments and runs the chosen subcommand. (Called from `main.swift`;
    /// `@main` cannot sit on a library type, and calling `main()` from top-level code picks the
    /// synchronous overload on Linux.)
    public static func runFromCommandLine() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
