/// One integer column of `SampleColumns`, stored as compactly as its values allow and widened
/// only when a value needs it (issue 17: a run of 4 × 1,000,000 samples held as `Sample` values
/// weighed 416 MB):
/// - *affine*, nothing per value, while the values follow `first + step·i` (sequence numbers,
///   intended send times on a fixed interval, a constant probe or provider, an all-NULL column);
/// - *dictionary*, 1 byte a value, while the column has at most 256 distinct values (body bytes,
///   HTTP status, DNS and connect times on loopback-like paths);
/// - *narrow*, 4 bytes, while the values lie within ±2³¹ of the first one (phase marks in µs,
///   send delays in ns);
/// - *wide*, 8 bytes, otherwise.
/// Lossless: every Int64, NULL included, reads back as written.
///
/// NULL is `PackedIntColumn.null` (Int64.min, which no µs, byte count or ns time can be).
struct PackedIntColumn: Sendable, Equatable {
    /// The stand-in for NULL.
    static let null = Int64.min
    private static let narrowNull = Int32.min
    private static let dictionaryLimit = 256

    private enum Mode: Sendable, Equatable {
        /// value(i) = first &+ step &* i (wrapping: exact whatever the values).
        case affine
        /// value(i) = table[codes[i]].
        case dictionary
        /// value(i) = base + offsets[i], NULL where the offset is Int32.min.
        case narrow
        /// value(i) = values[i].
        case wide
    }

    // Plain stored properties rather than enum payloads: reading a value then retains nothing.
    private var mode = Mode.affine
    private var first: Int64 = 0
    private var step: Int64 = 0
    private var table: [Int64] = []
    private var codes: [UInt8] = []
    /// The code of `table`'s entries while appending (dictionary mode).
    private var codeOf: [Int64: UInt8] = [:]
    private var base: Int64 = 0
    private var offsets: [Int32] = []
    private var values: [Int64] = []
    private(set) var count = 0

    init() {}

    static func == (a: PackedIntColumn, b: PackedIntColumn) -> Bool {
        a.count == b.count && (0..<a.count).allSatisfy { a[$0] == b[$0] }
    }

    @inline(__always)
    subscript(i: Int) -> Int64 {
        switch mode {
        case .affine: return first &+ step &* Int64(i)
        case .dictionary: return table[Int(codes[i])]
        case .narrow:
            let offset = offsets[i]
            return offset == Self.narrowNull ? Self.null : base &+ Int64(offset)
        case .wide: return values[i]
        }
    }

    /// Bytes held per value: 0, 1, 4 or 8.
    var bytesPerValue: Int {
        switch mode {
        case .affine: return 0
        case .dictionary: return 1
        case .narrow: return 4
        case .wide: return 8
        }
    }

    /// Room for `n` values in the current storage (nothing to do while affine).
    mutating func reserveCapacity(_ n: Int) {
        switch mode {
        case .affine: break
        case .dictionary: codes.reserveCapacity(n)
        case .narrow: offsets.reserveCapacity(n)
        case .wide: values.reserveCapacity(n)
        }
    }

    mutating func append(_ value: Int64) {
        switch mode {
        case .affine:
            if count == 0 {
                first = value
            } else if count == 1 {
                step = value &- first
            } else if value != first &+ step &* Int64(count) {
                convert(adding: value)
                return
            }
        case .dictionary:
            if let code = codeOf[value] {
                codes.append(code)
            } else if table.count < Self.dictionaryLimit {
                codeOf[value] = UInt8(table.count)
                codes.append(UInt8(table.count))
                table.append(value)
            } else {
                convert(adding: value)
                return
            }
        case .narrow:
            guard let offset = Self.offset(value, from: base) else {
                convert(adding: value)
                return
            }
            offsets.append(offset)
        case .wide:
            values.append(value)
        }
        count += 1
    }

    mutating func set(_ i: Int, _ value: Int64) {
        precondition(i >= 0 && i < count, "Index out of range")
        guard self[i] != value else { return }
        // Rare (a store patching a column after the row): rebuild through append.
        var all = (0..<count).map { self[$0] }
        all[i] = value
        self = PackedIntColumn()
        for v in all { append(v) }
    }

    /// `value − base` as a narrow offset, or nil when it does not fit (NULL always fits).
    private static func offset(_ value: Int64, from base: Int64) -> Int32? {
        if value == null { return narrowNull }
        let (difference, overflow) = value.subtractingReportingOverflow(base)
        guard !overflow, difference > Int64(narrowNull), difference <= Int64(Int32.max) else { return nil }
        return Int32(difference)
    }

    /// Appends `value`, which the current mode cannot hold, by moving every value to the next
    /// mode that holds them all (affine → dictionary → narrow → wide).
    private mutating func convert(adding value: Int64) {
        var all = (0..<count).map { self[$0] }
        all.append(value)
        let next: Mode
        switch mode {
        case .affine: next = Set(all.prefix(Self.dictionaryLimit + 1)).count <= Self.dictionaryLimit ? .dictionary : .narrow
        case .dictionary: next = .narrow
        case .narrow, .wide: next = .wide
        }
        self = PackedIntColumn()
        switch next {
        case .dictionary:
            mode = .dictionary
            codes.reserveCapacity(Swift.max(2 * all.count, 64))
        case .narrow:
            let newBase = all.first { $0 != Self.null } ?? 0
            guard all.allSatisfy({ Self.offset($0, from: newBase) != nil }) else {
                mode = .wide
                values = all
                values.reserveCapacity(2 * all.count)
                count = all.count
                return
            }
            mode = .narrow
            base = newBase
            offsets.reserveCapacity(Swift.max(2 * all.count, 64))
        case .affine, .wide:
            mode = .wide
            values = all
            values.reserveCapacity(2 * all.count)
            count = all.count
            return
        }
        for v in all { append(v) }
    }
}
