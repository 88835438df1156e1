import ArgumentParser
import SondeCore
import SondeStore

/// sonde's documented exit codes (sysexits where they fit); see README and ARCHITECTURE.md.
public enum ExitStatus: Int32, Sendable {
    case success = 0
    case regression = 2
    case improvementsOnly = 4
    case baselineMissing = 5
    case usage = 64
    case dataError = 65
    case noInput = 66
    case unavailable = 69
    case ioError = 74
    case noPermission = 77
}

/// An error a command reports as one line on stderr before exiting with `status`.
struct CLIError: Error, CustomStringConvertible {
    var status: ExitStatus
    var message: String

    var description: String { message }

    init(_ status: ExitStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    init(_ error: ConfigError) {
        self.init(.usage, error.description)
    }

    init(_ error: StoreError) {
        switch error.kind {
        case .io: self.init(.ioError, error.description)
        case .badData: self.init(.dataError, error.description)
        case .notFound: self.init(.noInput, error.description)
        case .usage: self.init(.usage, error.description)
        case .unreachable: self.init(.unavailable, error.description)
        case .refused: self.init(.noPermission, error.description)
        }
    }
}

/// Runs a command body, turning known errors into one stderr line and their exit code.
func reportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as CLIError {
        Terminal.error(error.message)
        throw ExitCode(error.status.rawValue)
    } catch let error as ConfigError {
        Terminal.error(error.description)
        throw ExitCode(ExitStatus.usage.rawValue)
    } catch let error as StoreError {
        let cli = CLIError(error)
        Terminal.error(cli.message)
        throw ExitCode(cli.status.rawValue)
    }
}
