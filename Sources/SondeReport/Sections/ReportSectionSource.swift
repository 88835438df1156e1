import SondeCore

/// A contributor of report sections: a probe kind or an analysis turns its part of a
/// `RunAnalysis` into sections, or none when the run has no such data. Add one by writing a type
/// and listing it in `ReportModel.sources`; every format then renders it.
public protocol ReportSectionSource: Sendable {
    func sections(_ analysis: RunAnalysis) -> [ReportSection]
}

/// The report model: every section of an analysis, in reading order.
public struct ReportModel: Sendable {
    /// Every contributor, in the order their sections appear. The one registration point.
    public static let sources: [any ReportSectionSource] = [
        NotesSection(), LatencySections(), ComparisonSection(), VantageSection(), ThroughputSection(), LoadSection(), LLMSection(), CapacitySection(),
        AvailabilitySection(), ProvisioningSection(), TCPSection(), DecisionSection(),
    ]

    public var analysis: RunAnalysis
    public var sections: [ReportSection]

    public init(_ analysis: RunAnalysis, sources: [any ReportSectionSource] = ReportModel.sources) {
        self.analysis = analysis
        sections = sources.flatMap { $0.sections(analysis) }
    }

    /// The JSON document: the analysis's typed fields plus every section.
    public var document: ReportDocument {
        var document = analysis.document
        document.sections = sections
        document.notes = analysis.notes.isEmpty ? nil : analysis.notes
        return document
    }
}

/// How the settings were read: notes the analysis made (e.g. keys of a newer sonde ignored).
struct NotesSection: ReportSectionSource {
    func sections(_ analysis: RunAnalysis) -> [ReportSection] {
        guard !analysis.notes.isEmpty else { return [] }
        return [ReportSection(id: "notes", title: "Notes", blocks: [.list(analysis.notes.map { .name($0) })])]
    }
}
