import Foundation
import SondeCore

/// Every section of the report as one long-format CSV table: one row per cell, named by section,
/// table, row and column, with the column's unit, so the whole report (every probe kind and
/// analysis) is one file that a spreadsheet or `pandas.read_csv` pivots back into any table.
/// A section's prose comes as rows of table `text` (column: text, heading or list).
public struct CSVExporter: Exporter {
    public init() {}

    static let header = ["run_id", "section", "table", "row", "column", "unit", "value"]

    public func export(_ input: ReportInput) -> [UInt8] {
        Self.rows(ReportModel(input).sections, runID: input.latency.run.id)
    }

    /// `sections` as the long table, every row under `runID` (the history report's sections too).
    static func rows(_ sections: [ReportSection], runID: String) -> [UInt8] {
        var out = CSV.row(Self.header)
        for section in sections {
            var prose = 0
            for block in section.blocks {
                switch block.kind {
                case .table:
                    guard let table = block.table else { continue }
                    for (index, row) in table.rows.enumerated() {
                        for (column, cell) in zip(table.columns, row) {
                            out += CSV.row([runID, section.id, table.id, String(index + 1), column.name, column.unit ?? "", cell])
                        }
                    }
                case .text, .heading, .list:
                    // Prose rows (table `text`), so notes and explanations travel with the numbers.
                    for text in block.items ?? [block.text ?? ""] {
                        prose += 1
                        out += CSV.row([runID, section.id, "text", String(prose), block.kind.rawValue, "", text.plain])
                    }
                case .figure: continue
                }
            }
        }
        return Array(out.utf8)
    }
}

/// Every raw sample as one CSV row, with the provider's identity; empty cells are NULLs.
public struct SamplesCSVExporter: Exporter {
    public init() {}

    static let header = ["run_id", "provider", "kind", "region", "probe", "sequence", "intended_ns", "started_ns",
                         "dns_us", "connect_us", "tls_us", "ttfb_us", "total_us", "bytes", "http_status", "error_class"]

    public func export(_ input: ReportInput) -> [UInt8] {
        var out = CSV.row(Self.header)
        let runID = input.data.run.info.id
        for series in input.data.series {
            let p = series.provider
            for s in series.samples {
                out += CSV.row([runID, p.name, p.kind.rawValue, p.region, s.probe.rawValue, String(s.sequence),
                                String(s.intendedNs), String(s.startedNs), text(s.dnsUs), text(s.connectUs),
                                text(s.tlsUs), text(s.ttfbUs), text(s.totalUs), String(s.bytes),
                                s.httpStatus.map(String.init) ?? "", s.errorClass?.rawValue ?? ""])
            }
        }
        return Array(out.utf8)
    }

    private func text(_ value: Int64?) -> String { value.map(String.init) ?? "" }
}

/// RFC 4180 quoting, plus a guard against spreadsheet formula injection in text cells.
enum CSV {
    static func row(_ cells: [String]) -> String {
        cells.map(quote).joined(separator: ",") + "\n"
    }

    static func quote(_ cell: String) -> String {
        var text = cell
        if let first = text.first, "=+-@".contains(first), Double(text) == nil { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
