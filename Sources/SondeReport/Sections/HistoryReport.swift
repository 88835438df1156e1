import Foundation
import SondeCore

/// The history report (several runs seen together) in Markdown, CSV, JSON or HTML: the sections
/// of `HistorySection` rendered by the same block renderers as the single-run report, plus, in
/// JSON, the typed `HistoryAnalysis` (schema `sonde.history/1`), and in HTML one SmokePing-style
/// chart per provider. Returns bytes; only the CLI writes them.
public struct HistoryReport: Sendable {
    /// The formats a history report has.
    public static let formats: [ReportFormat] = [.md, .csv, .json, .html]

    public var history: HistoryAnalysis

    /// The report of `history`.
    public init(_ history: HistoryAnalysis) {
        self.history = history
    }

    /// The document the JSON format writes.
    public struct Document: Sendable, Codable {
        public var schema = "sonde.history/1"
        public var sondeVersion: String
        public var history: HistoryAnalysis
        public var sections: [ReportSection]
    }

    /// The report in `format`; `nil` for a format a history report does not have.
    public func export(_ format: ReportFormat) -> [UInt8]? {
        let sections = HistorySection.sections(history)
        switch format {
        case .md:
            let markdown = MarkdownExporter()
            return Array((facts(escape: MarkdownText.escape, heading: "# sonde history report\n\n")
                          + sections.map(markdown.section).joined(separator: "\n")).utf8)
        case .csv:
            return CSVExporter.rows(sections, runID: "history")
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            // Encoding plain value types cannot fail; a failure here is a programming error.
            let data = try! encoder.encode(Document(sondeVersion: SondeVersion.current, history: history, sections: sections))
            return Array(data) + [UInt8(ascii: "\n")]
        case .html:
            return Array(html(sections).utf8)
        default:
            return nil
        }
    }

    /// One paragraph: how many runs, from when to when, the window width.
    private func facts(escape: (String) -> String, heading: String) -> String {
        let names = Set(history.providers.map(\.name)).sorted()
        return "\(heading)\(history.runIdentifiers.count) runs started from \(RunListExporter.timestamp(history.firstStartNs)) to "
            + "\(RunListExporter.timestamp(history.lastStartNs)); windows of one \(history.bucket.rawValue) on UTC edges; "
            + "\(names.count) providers (\(escape(names.joined(separator: ", "))))"
            + (history.hasSeveralVantages ? ", each per vantage point.\n\n" : ".\n\n")
    }

    private func html(_ sections: [ReportSection]) -> String {
        let styles = Palette.styles(history.providers.map(\.name), baseline: nil)
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>sonde history report</title>\n"
        out += "<style>\n\(HTMLStyle.css)\n</style>\n</head>\n<body>\n<main>\n<header>\n<h1>sonde history report</h1>\n"
        out += "<p class=\"facts\">" + HTML.escape(facts(escape: { $0 }, heading: "")) + "</p>\n</header>\n"
        let text = { (t: ReportText) in t.rendered(names: HTML.escape, words: HTML.escape) }
        for section in sections {
            out += "<section id=\"\(HTML.escape(section.id))\">\n<h2>\(text(section.title))</h2>\n"
            for block in section.blocks {
                switch block.kind {
                case .text: out += "<p class=\"small\">\(text(block.text ?? ""))</p>\n"
                case .heading: out += "<h3>\(text(block.text ?? ""))</h3>\n"
                case .list: out += "<ul>\n" + (block.items ?? []).map { "<li>\(text($0))</li>\n" }.joined() + "</ul>\n"
                case .table: out += block.table.map(HTMLTable.init(_:))?.render() ?? ""
                case .figure where block.figure == "history-variance-ratio":
                    for series in history.varianceRatios.series where !series.windows.isEmpty {
                        let chart = VarianceRatioChart(series: series, baseline: history.varianceRatios.baseline ?? "",
                                                       style: styles[series.candidate] ?? SeriesStyle(colour: "#444444", isBaseline: false),
                                                       confidence: history.varianceRatios.confidence,
                                                       several: Set(history.varianceRatios.series.map(\.vantage)).count > 1)
                        out += "<figure>\n<div class=\"chart\">\n\(chart.svg())</div>\n<figcaption>\(HTML.escape(chart.takeaway))</figcaption>\n</figure>\n"
                    }
                case .figure:
                    for provider in history.providers where !provider.windows.isEmpty {
                        let chart = HistorySmokeChart(name: HistorySection.label(provider, history), style: styles[provider.name]!, windows: provider.windows,
                                                      runs: provider.runs, changes: provider.changes,
                                                      firstNs: history.firstStartNs, lastNs: history.lastStartNs)
                        out += "<figure>\n<div class=\"chart\">\n\(chart.svg())</div>\n<figcaption>\(HTML.escape(chart.takeaway))</figcaption>\n</figure>\n"
                    }
                }
            }
            out += "</section>\n"
        }
        out += "<footer>Generated by sonde \(HTML.escape(SondeVersion.current)) from \(history.runIdentifiers.count) stored runs.</footer>\n"
        return out + "</main>\n</body>\n</html>\n"
    }
}
