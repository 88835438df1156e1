/// A file that cannot be imported: it names the file and the 1-based line where reading stopped,
/// so that a user can open the file at the fault. Malformed and truncated input both land here.
public struct ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file's name as given on the command line.
    public var file: String
    /// 1-based line of the fault.
    public var line: Int
    /// What is wrong there.
    public var message: String

    /// The fault `message` at `line` of `file`.
    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `FILE:LINE: message`, as compilers print it.
    public var description: String { "\(file):\(line): \(message)" }
}
