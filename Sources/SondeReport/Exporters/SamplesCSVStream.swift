import SondeCore

/// The `samples` format written as the rows arrive: the same columns and bytes as
/// `SamplesCSVExporter`, built in one reusable buffer that the caller drains whenever `isFull`
/// says so. A month of samples then costs one buffer of memory, not every row.
///
/// Use: `begin(provider:probe:)` once per provider (in the exporter's order), `append(_:)` per
/// sample, `drain(_:)` whenever `isFull` and once at the end.
public final class SamplesCSVStream {
    /// Bytes buffered before `isFull`: large enough that each write(2) carries thousands of rows.
    public static let chunkBytes = 1 << 20

    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0
    /// The quoted cells that every row of the current provider starts with, and their comma.
    private var prefix: [UInt8] = []
    private let runCell: String

    /// Starts the stream of run `runID` with the header row.
    public init(runID: String) {
        capacity = Self.chunkBytes + 4096
        buffer = .allocate(capacity: capacity)
        runCell = CSV.quote(runID)
        write(Array(CSV.row(SamplesCSVExporter.header).utf8))
    }

    deinit { buffer.deallocate() }

    /// Whether the buffer holds a chunk's worth: time to `drain`.
    public var isFull: Bool { count >= Self.chunkBytes }

    /// Rows that follow are `provider`'s samples of `probe`.
    public func begin(provider: Provider, probe: ProbeKind) {
        let cells = [runCell, CSV.quote(provider.name), CSV.quote(provider.kind.rawValue), CSV.quote(provider.region),
                     CSV.quote(probe.rawValue)]
        prefix = Array((cells.joined(separator: ",") + ",").utf8)
    }

    /// Appends one sample's row; `begin` named its provider.
    public func append(_ s: Sample) {
        // A row is the prefix, 11 integers of at most 20 characters, an error class and commas.
        reserve(prefix.count + 12 * 21 + 64)
        prefix.withUnsafeBufferPointer { bytes in
            (buffer + count).update(from: bytes.baseAddress!, count: bytes.count)
            count += bytes.count
        }
        integer(s.sequence); comma()
        integer(s.intendedNs); comma()
        integer(s.startedNs); comma()
        optional(s.dnsUs); comma()
        optional(s.connectUs); comma()
        optional(s.tlsUs); comma()
        optional(s.ttfbUs); comma()
        optional(s.totalUs); comma()
        integer(s.bytes); comma()
        if let status = s.httpStatus { integer(Int64(status)) }
        comma()
        if let error = s.errorClass { write(Array(CSV.quote(error.rawValue).utf8)) }
        byte(UInt8(ascii: "\n"))
    }

    /// Hands the buffered bytes to `write` (when there are any) and empties the buffer.
    public func drain<E: Error>(_ write: (UnsafeBufferPointer<UInt8>) throws(E) -> Void) throws(E) {
        guard count > 0 else { return }
        try write(UnsafeBufferPointer(start: buffer, count: count))
        count = 0
    }

    private func reserve(_ bytes: Int) {
        guard count + bytes > capacity else { return }
        // Only a provider name longer than the slack gets here.
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: count + bytes + Self.chunkBytes)
        grown.update(from: buffer, count: count)
        buffer.deallocate()
        buffer = grown
        capacity = count + bytes + Self.chunkBytes
    }

    private func write(_ bytes: [UInt8]) {
        reserve(bytes.count)
        for byte in bytes { self.byte(byte) }
    }

    @inline(__always) private func byte(_ value: UInt8) {
        buffer[count] = value
        count += 1
    }

    @inline(__always) private func comma() { byte(UInt8(ascii: ",")) }

    @inline(__always) private func optional(_ value: Int64?) {
        if let value { integer(value) }
    }

    /// Decimal digits as `String(value)` writes them, without making a String.
    @inline(__always) private func integer(_ value: Int64) {
        if value < 0 { byte(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = count
        repeat {
            byte(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        // Digits went in least significant first.
        var low = start
        var high = count - 1
        while low < high {
            let digit = buffer[low]
            buffer[low] = buffer[high]
            buffer[high] = digit
            low += 1
            high -= 1
        }
    }
}
