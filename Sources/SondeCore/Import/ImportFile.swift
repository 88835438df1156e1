/// One file handed to an importer: its bytes, the name to report it by, and its modification
/// time, which anchors formats that only carry times relative to their own start (the tools
/// write their file when the benchmark ends). The CLI reads these; the parsers do no I/O.
public struct ImportFile: Sendable {
    /// The name used in errors and, without a URL in the file, in the endpoint `import:NAME`.
    public var name: String
    /// The file's contents, as read.
    public var bytes: [UInt8]
    /// Last modification, nanoseconds since the Unix epoch.
    public var modifiedNs: Int64

    /// A file named `name` holding `bytes`, last modified at `modifiedNs`.
    public init(name: String, bytes: [UInt8], modifiedNs: Int64) {
        self.name = name
        self.bytes = bytes
        self.modifiedNs = modifiedNs
    }

    /// The bytes as UTF-8 text split into lines (a final empty line is dropped); a file that is
    /// not UTF-8 fails at the first line holding an invalid sequence.
    func lines() throws(ImportError) -> [Substring] {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            var line = 1
            var start = 0
            for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
                if String(validating: bytes[start..<index], as: UTF8.self) == nil { break }
                line += 1
                start = index + 1
            }
            throw ImportError(file: name, line: line, message: "not UTF-8 text (a compressed or binary file? decompress or convert it first)")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines.map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
    }

    /// An error at `line` of this file.
    func error(_ line: Int, _ message: String) -> ImportError {
        ImportError(file: name, line: line, message: message)
    }
}
