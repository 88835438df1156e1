/// A price catalog in SkyPilot's `vms.csv` layout
/// (`InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,GpuInfo,Price,SpotPrice,Region,AvailabilityZone`),
/// parsed from text the caller read. Columns are found by header name, so extra or reordered
/// columns are fine; a row's empty price means "not offered" and is skipped when matching.
public struct PriceCatalog: Sendable, Equatable {
    /// One priced row.
    public struct Row: Sendable, Equatable {
        /// `InstanceType`.
        public var instanceType: String
        /// `Region`.
        public var region: String
        /// `AvailabilityZone` (may be empty).
        public var zone: String
        /// On-demand price per hour; nil when the cell is empty.
        public var price: Double?
        /// Spot price per hour; nil when the cell is empty.
        public var spotPrice: Double?
        /// 1-based line in the catalog file.
        public var line: Int
    }

    /// The file as named in errors.
    public var source: String
    /// Every data row, in file order.
    public var rows: [Row]

    static let required = ["InstanceType", "Price", "SpotPrice", "Region"]

    /// Parses `text`; a missing column, a malformed row or a negative or non-numeric price is a
    /// `ConfigError` naming the catalog file, line and column.
    public init(text: String, source: String) throws(ConfigError) {
        self.source = source
        var records = CSVRecords(text)
        guard let header = records.next() else { throw ConfigError(source: source, line: 1, field: "", problem: "is empty (expected a vms.csv header)") }
        var column: [String: Int] = [:]
        for (index, name) in header.cells.enumerated() { column[name.trimmingWhitespace().description] = index }
        for name in Self.required where column[name] == nil {
            throw ConfigError(source: source, line: 1, field: name, problem: "column is missing (SkyPilot vms.csv layout)")
        }
        rows = []
        while let record = records.next() {
            if record.cells.count == 1 && record.cells[0].isEmpty { continue }
            guard record.cells.count >= header.cells.count else {
                throw ConfigError(source: source, line: record.line, field: "",
                                  problem: "has \(record.cells.count) cells, the header \(header.cells.count)")
            }
            func cell(_ name: String) -> String { column[name].map { record.cells[$0].trimmingWhitespace().description } ?? "" }
            func price(_ name: String) throws(ConfigError) -> Double? {
                let text = cell(name)
                if text.isEmpty { return nil }
                guard let value = Double(text), value.isFinite else {
                    throw ConfigError(source: source, line: record.line, field: name, problem: "'\(text)' is not a number")
                }
                guard value >= 0 else { throw ConfigError(source: source, line: record.line, field: name, problem: "\(text) is negative") }
                return value
            }
            rows.append(Row(instanceType: cell("InstanceType"), region: cell("Region"), zone: cell("AvailabilityZone"),
                            price: try price("Price"), spotPrice: try price("SpotPrice"), line: record.line))
        }
    }

    /// The hourly price of `reference`: the cheapest row of its instance type and region (and
    /// zone, when given) with a price in the wanted column, as SkyPilot's `get_hourly_cost` does. `configSource` names the configuration file.
    public func price(for reference: CatalogReference, configSource: String, field: String) throws(ConfigError) -> (price: Double, line: Int) {
        let ofType = rows.filter { $0.instanceType == reference.instanceType }
        guard !ofType.isEmpty else {
            throw ConfigError(source: configSource, line: reference.instanceTypeLine, field: "\(field).instance_type",
                              problem: "'\(reference.instanceType)' is not an instance type of \(source)")
        }
        let inRegion = ofType.filter { $0.region == reference.region && (reference.zone == nil || $0.zone == reference.zone) }
        let column = reference.spot ? "SpotPrice" : "Price"
        // As SkyPilot's get_hourly_cost: the cheapest zone's price (zones share on-demand prices,
        // spot prices differ by zone).
        let priced = inRegion.filter { (reference.spot ? $0.spotPrice : $0.price) != nil }
        guard let row = priced.min(by: { (reference.spot ? $0.spotPrice! : $0.price!) < (reference.spot ? $1.spotPrice! : $1.price!) }) else {
            let regions = Set(ofType.map(\.region)).sorted().prefix(8).joined(separator: ", ")
            let problem = inRegion.isEmpty
                ? "\(reference.instanceType) is not offered in '\(reference.region)'\(reference.zone.map { " zone \($0)" } ?? "") in \(source) (regions: \(regions))"
                : "\(reference.instanceType) in '\(reference.region)' has no \(column) in \(source)"
            throw ConfigError(source: configSource, line: reference.regionLine, field: "\(field).region", problem: problem)
        }
        return ((reference.spot ? row.spotPrice : row.price)!, row.line)
    }
}

/// RFC 4180 records with the line each starts on: quoted cells may hold commas, doubled quotes
/// and newlines (SkyPilot's `GpuInfo` column is a quoted dictionary).
struct CSVRecords: IteratorProtocol {
    private var characters: [Character]
    private var index = 0
    private var line = 1

    init(_ text: String) {
        characters = Array(text)
    }

    mutating func next() -> (cells: [String], line: Int)? {
        guard index < characters.count else { return nil }
        let start = line
        var cells: [String] = []
        var cell = ""
        var quoted = false
        while index < characters.count {
            let c = characters[index]
            index += 1
            if quoted {
                if c == "\"" {
                    if index < characters.count && characters[index] == "\"" {
                        cell.append("\"")
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    cell.append(c)
                }
            } else if c == "\"" && cell.isEmpty {
                quoted = true
            } else if c == "," {
                cells.append(cell)
                cell = ""
            } else if c == "\n" || c == "\r\n" || c == "\r" {
                line += 1
                break
            } else {
                cell.append(c)
            }
        }
        cells.append(cell)
        return (cells, start)
    }
}
