import Foundation

/// Where a streamed export goes, chunk by chunk: standard output, or a file that appears only
/// when complete (written beside it under a temporary name and renamed at `finish`), as
/// `Files.write` does for whole reports. Failures are EX_IOERR with the path.
final class StreamedOutput {
    private let descriptor: Int32
    private let path: String?
    private let temporary: String?
    private var finished = false

    /// Standard output when `path` is nil, else a new file at `path` (parent folders created).
    init(path: String?) throws {
        guard let path else {
            descriptor = STDOUT_FILENO
            self.path = nil
            temporary = nil
            return
        }
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw CLIError(.ioError, "cannot write \(path): \(error.localizedDescription)")
        }
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).partial").path
        descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CLIError(.ioError, "cannot write \(path): \(String(cString: strerror(errno)))") }
        self.path = path
        self.temporary = temporary
    }

    deinit {
        // Not finished: an error stopped the export, so no partial file takes the name.
        guard let temporary, !finished else { return }
        close(descriptor)
        unlink(temporary)
    }

    /// Writes every byte of `bytes`.
    func write(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw CLIError(.ioError, "cannot write \(path ?? "standard output"): \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    /// Closes the file and gives it its name.
    func finish() throws {
        guard let path, let temporary else { return }
        finished = true
        let closed = close(descriptor) == 0
        guard closed, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CLIError(.ioError, "cannot write \(path): \(reason)")
        }
    }
}
