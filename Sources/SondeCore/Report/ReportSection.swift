/// One section of a report, contributed by a probe kind or an analysis: a title and blocks of
/// prose, tables, lists, subheadings and figures. Every format renders every section (figures are
/// drawn by the formats that draw; the others carry their tables).
public struct ReportSection: Sendable, Equatable, Codable {
    /// Stable identifier (`total-time`, `load`): HTML anchors, the CSV `section` column, JSON.
    public var id: String
    /// The heading.
    public var title: ReportText
    /// Its content, in reading order.
    public var blocks: [ReportBlock]

    /// A section.
    public init(id: String, title: ReportText, blocks: [ReportBlock]) {
        self.id = id
        self.title = title
        self.blocks = blocks
    }

    /// The section's tables, in order.
    public var tables: [ReportTable] { blocks.compactMap(\.table) }
}

/// One block of a section.
public struct ReportBlock: Sendable, Equatable, Codable {
    /// What the block is.
    public enum Kind: String, Sendable, Codable {
        case text, heading, table, list, figure
    }

    /// What the block is; the matching field below is set.
    public var kind: Kind
    /// `text` and `heading`.
    public var text: ReportText?
    /// `table`.
    public var table: ReportTable?
    /// `list`.
    public var items: [ReportText]?
    /// `figure`: which chart (the HTML format draws it from the analysis; others skip it).
    public var figure: String?

    /// A paragraph.
    public static func text(_ text: ReportText) -> ReportBlock { ReportBlock(kind: .text, text: text) }
    /// A subheading within the section.
    public static func heading(_ text: ReportText) -> ReportBlock { ReportBlock(kind: .heading, text: text) }
    /// A table.
    public static func table(_ table: ReportTable) -> ReportBlock { ReportBlock(kind: .table, table: table) }
    /// A bulleted list.
    public static func list(_ items: [ReportText]) -> ReportBlock { ReportBlock(kind: .list, items: items) }
    /// A chart the HTML report draws (the other formats skip it).
    public static func figure(_ id: String) -> ReportBlock { ReportBlock(kind: .figure, figure: id) }
}

/// A table whose cells are already formatted (by `NumberFormat`), so every format shows the same
/// string for the same number.
public struct ReportTable: Sendable, Equatable, Codable {
    /// One column.
    public struct Column: Sendable, Equatable, Codable {
        public var name: String
        /// The unit of the column's numbers (`ms`, `MiB/s`), for formats without prose.
        public var unit: String?
        /// Numbers: right-aligned.
        public var numeric: Bool
        /// Text from configuration or servers: escaped by every format.
        public var isName: Bool

        /// A column; by default left-aligned text of our own words.
        public init(_ name: String, unit: String? = nil, numeric: Bool = false, isName: Bool = false) {
            self.name = name
            self.unit = unit
            self.numeric = numeric
            self.isName = isName
        }

        /// A column of names from configuration or servers.
        public static func name(_ name: String) -> Column { Column(name, isName: true) }
        /// A right-aligned column of numbers.
        public static func number(_ name: String, unit: String? = nil) -> Column { Column(name, unit: unit, numeric: true) }
    }

    /// Identifier within the section (`totals`, `errors`), for CSV and JSON.
    public var id: String
    /// The columns, in order.
    public var columns: [Column]
    /// The rows, each one cell per column.
    public var rows: [[String]]

    /// A table, empty unless `rows` are given.
    public init(id: String, columns: [Column], rows: [[String]] = []) {
        self.id = id
        self.columns = columns
        self.rows = rows
    }

    /// Appends a row.
    public mutating func add(_ cells: [String]) { rows.append(cells) }
}
