/// What one imported file holds, ready to store as one run: the samples (provider id 0, set by
/// the store), the LLM side records for LLM formats, the run's span, the URL the file names, and
/// what the format does not carry, which the run's configuration text records.
public struct ImportedRun: Sendable, Equatable {
    /// The format the file was read as.
    public var format: ImportFormat
    /// `latency` for HTTP load tools, `llm` for LLM serving benchmarks.
    public var probe: ProbeKind
    /// The target URL the file names, when it names exactly one.
    public var endpoint: String?
    /// The earliest request start, nanoseconds since the Unix epoch.
    public var startedNs: Int64
    /// The latest request end (start + total; the start of a request without a total).
    public var finishedNs: Int64
    /// In start order (for vegeta, its `seq` order, which it keeps in step with the start);
    /// `sequence` is the position from 0.
    public var samples: [Sample]
    /// One per LLM sample, same sequence; empty for HTTP formats.
    public var llmRecords: [LLMRequestRecord]
    /// Facts from the file worth keeping with the run (tool settings, model, benchmark bounds).
    public var notes: [String]

    /// A run of `samples` (and, for LLM formats, their records); its span comes from the samples.
    public init(format: ImportFormat, probe: ProbeKind, endpoint: String?, samples: [Sample],
                llmRecords: [LLMRequestRecord] = [], notes: [String] = []) {
        self.format = format
        self.probe = probe
        self.endpoint = endpoint
        self.samples = samples
        self.llmRecords = llmRecords
        self.notes = notes
        startedNs = samples.map(\.startedNs).min() ?? 0
        finishedNs = samples.map { $0.startedNs + ($0.totalUs ?? 0) * 1000 }.max() ?? startedNs
    }

    /// What the format lacks, recorded with every run imported from it (docs/import.md).
    public var lacks: [String] { format.lacks }

    /// Numbers the samples 0, 1, ... in order of their start (stable, so ties keep file order)
    /// and their records alike.
    static func ordered(_ samples: [Sample], records: [LLMRequestRecord] = []) -> ([Sample], [LLMRequestRecord]) {
        let order = samples.indices.sorted { (samples[$0].startedNs, $0) < (samples[$1].startedNs, $1) }
        var sorted: [Sample] = []
        var sortedRecords: [LLMRequestRecord] = []
        for (position, index) in order.enumerated() {
            var sample = samples[index]
            sample.sequence = Int64(position)
            sorted.append(sample)
            if index < records.count {
                var record = records[index]
                record.sequence = Int64(position)
                sortedRecords.append(record)
            }
        }
        return (sorted, sortedRecords)
    }
}
