import SondeCore

/// The one Markdown table builder: header, divider from the columns' alignment, escaped names.
enum MarkdownTable {
    static func render(_ table: ReportTable) -> String {
        var out = "| " + table.columns.map(\.name).joined(separator: " | ") + " |\n"
        out += "|" + table.columns.map { $0.numeric ? "--:|" : "---|" }.joined() + "\n"
        for row in table.rows {
            let cells = zip(table.columns, row).map { column, cell in column.isName ? MarkdownText.escape(cell) : cell }
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        return out
    }
}
