/// The keys a lenient parse skipped (`ConfigLoader.parse(_:source:unknownKeys:)`), in document
/// order. A class so the value-typed `YAMLReader` can record into it while it walks; one parse
/// uses one log on one thread, so it needs no lock.
public final class UnknownKeyLog: @unchecked Sendable {
    /// One skipped key: its dotted path and its line (1-based), when known.
    public struct Entry: Sendable, Equatable {
        public var path: String
        public var line: Int?
    }

    /// The skipped keys, in the order they were met.
    public private(set) var entries: [Entry] = []

    public init() {}

    func add(_ path: String, line: Int?) {
        entries.append(Entry(path: path, line: line))
    }
}
