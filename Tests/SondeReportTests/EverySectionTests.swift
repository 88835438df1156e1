import Foundation
import Testing
import SondeCore
@testable import SondeReport

/// Every section of the report model reaches every format: for a stored run in which every probe
/// kind and analysis has data, one value of each section, as the model formats it, is found in
/// the Markdown, HTML, CSV and JSON output. A format that drops a section fails here.
@Suite struct EverySectionTests {
    static let expected = ["notes", "total-time", "errors", "phases", "comparison", "bandwidth", "load", "llm", "capacity", "availability",
                           "provisioning", "tcp", "decision"]

    @Test func everySectionHasData() throws {
        let model = ReportModel(try StoredRunFixture.analysis())
        #expect(model.sections.map(\.id) == Self.expected)
        for section in model.sections where section.id != "notes" {
            #expect(section.tables.contains { !$0.rows.isEmpty }, "section \(section.id) has no table rows")
        }
    }

    @Test func oneValueOfEverySectionIsInEveryFormat() throws {
        let analysis = try StoredRunFixture.analysis()
        let model = ReportModel(analysis)
        let outputs: [(String, String)] = [
            ("md", String(decoding: MarkdownExporter().export(analysis), as: UTF8.self)),
            ("html", String(decoding: HTMLExporter().export(analysis), as: UTF8.self)),
            ("csv", String(decoding: CSVExporter().export(analysis), as: UTF8.self)),
            ("json", String(decoding: JSONExporter().export(analysis), as: UTF8.self)),
        ]
        for section in model.sections {
            guard let value = Self.probe(section, in: model) else {
                Issue.record("section \(section.id) offers no distinctive value")
                continue
            }
            for (format, text) in outputs {
                // The page shows `<` as `&lt;`: look for the value as HTML writes it.
                let written = format == "html" ? HTML.escape(value) : value
                #expect(text.contains(written), "\(format) lacks section \(section.id) (value '\(value)')")
            }
        }
    }

    /// A value only this section shows: its longest formatted number (a cell with a decimal
    /// point), else its longest other cell of our own words (an error class, a stage), that no
    /// other section's cell contains, so finding it in an output means the section was rendered;
    /// for a section of prose only, its first item's opening words.
    static func probe(_ section: ReportSection, in model: ReportModel) -> String? {
        let others = model.sections.filter { $0.id != section.id }.flatMap(\.tables).flatMap(\.rows).flatMap { $0 }
        let cells = section.tables.flatMap { table in
            table.rows.flatMap { row in zip(table.columns, row).filter { !$0.0.isName }.map { (numeric: $0.0.numeric, text: $0.1) } }
        }.filter { cell in cell.text.count >= 4 && !others.contains { $0.contains(cell.text) } }
        let numbers = cells.filter { $0.numeric && $0.text.contains(".") }.map(\.text)
        if let best = (numbers.isEmpty ? cells.map(\.text) : numbers).max(by: { $0.count < $1.count }) { return best }
        return section.blocks.compactMap(\.items).first?.first.map { String($0.plain.prefix(40)) }
    }
}
