import Foundation

/// File access for the commands, with errors that carry sonde's exit codes.
enum Files {
    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// Reads a UTF-8 text file; a missing or unreadable file is EX_NOINPUT.
    static func readText(_ path: String, what: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            throw CLIError(.noInput, "\(what) \(path) \(reason)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIError(.usage, "\(path): is not UTF-8 text")
        }
        return text
    }

    /// Writes bytes, creating parent folders; failures are EX_IOERR.
    static func write(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            throw CLIError(.ioError, "cannot write \(path): \(error.localizedDescription)")
        }
    }
}
