import SondeCore

/// A table of exact numbers under a chart. Every header and cell is escaped; numeric columns are
/// right-aligned so digits line up.
struct HTMLTable {
    private let headers: [String]
    private let numeric: Set<Int>
    private var rows: [[String]] = []

    /// Columns whose header is in `numeric` are right-aligned.
    init(_ headers: [String], numeric: [String] = []) {
        self.headers = headers
        self.numeric = Set(headers.indices.filter { numeric.contains(headers[$0]) })
    }

    /// A table of the report model: numeric columns right-aligned, every cell escaped.
    init(_ table: ReportTable) {
        headers = table.columns.map(\.name)
        numeric = Set(table.columns.indices.filter { table.columns[$0].numeric })
        rows = table.rows
    }

    mutating func add(_ cells: [String]) {
        rows.append(cells)
    }

    var isEmpty: Bool { rows.isEmpty }

    func render(caption: String? = nil) -> String {
        var out = "<div class=\"table-wrap\"><table>\n"
        if let caption { out += "<caption>\(HTML.escape(caption))</caption>\n" }
        out += "<thead><tr>"
        for (i, header) in headers.enumerated() {
            out += numeric.contains(i) ? "<th class=\"num\">" : "<th>"
            out += HTML.escape(header) + "</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr>"
            for (i, cell) in row.enumerated() {
                // The column's name on every cell: a phone shows each row as a card of labelled values.
                let label = i < headers.count ? " data-label=\"\(HTML.escape(headers[i]))\"" : ""
                out += (numeric.contains(i) ? "<td class=\"num\"" : "<td") + label + ">"
                out += HTML.escape(cell) + "</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody></table></div>\n"
    }
}

/// Page building blocks shared by the HTML sections.
enum HTMLBlock {
    /// A section with a heading, the chart (or a note saying why there is none) and tables.
    static func section(id: String, heading: String, svg: String?, takeaway: String, note: String? = nil, tables: [String]) -> String {
        var out = "<section id=\"\(HTML.escape(id))\">\n<h2>\(HTML.escape(heading))</h2>\n"
        if let svg {
            out += "<figure>\n<div class=\"chart\">\n\(svg)</div>\n<figcaption>\(HTML.escape(takeaway))</figcaption>\n</figure>\n"
        } else {
            out += "<p class=\"note\">\(HTML.escape(note ?? takeaway))</p>\n"
        }
        if let note, svg != nil { out += "<p class=\"small\">\(HTML.escape(note))</p>\n" }
        return out + tables.joined() + "</section>\n"
    }

    /// Milliseconds from microseconds, three decimals.
    static func ms(_ us: Double) -> String { NumberFormatting.ms(us, digits: 3) }

    /// Milliseconds with three decimals.
    static func msValue(_ ms: Double) -> String { NumberFormatting.fixed(ms, digits: 3) }

    static func ratio(_ value: Double) -> String { NumberFormatting.fixed(value, digits: 2) }

    static func p(_ value: Double) -> String { value < 0.001 ? "< 0.001" : NumberFormatting.fixed(value, digits: 3) }
}
