import ArgumentParser
import Foundation
import SondeEmulator

/// `sonde emulate`: run an emulated fleet on loopback until interrupted.
struct EmulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "emulate", abstract: "Serve an emulated fleet on 127.0.0.1 until Ctrl-C.")

    @Option(help: "`default`, or a fleet YAML file.")
    var fleet = "default"

    @Option(help: "Write the fleet's providers: block here once every server listens.")
    var endpoints: String?

    func run() async throws {
        try await reportingErrors {
            let spec: FleetSpec
            if fleet == "default" {
                spec = FleetSpec.default
            } else {
                let text = try Files.readText(fleet, what: "fleet")
                do {
                    spec = try FleetSpec.parse(yaml: text, source: fleet)
                } catch {
                    throw CLIError(.usage, "\(error)")
                }
            }
            let running = try await EmulatedFleet.start(spec)
            if let endpoints {
                try Files.write(Array(running.providersYAML().utf8), to: endpoints)
            }
            for endpoint in running.endpoints {
                Terminal.status("\(endpoint.name) \(endpoint.url)")
            }
            Terminal.status("serving \(running.endpoints.count) emulated providers; Ctrl-C to stop")
            await SignalTrap.waitForSignal()
            await running.stop()
        }
    }
}
