/// An incremental parser of server-sent events (the WHATWG `text/event-stream` format) that
/// keeps only what LLM streams use: `data:` fields, joined by newlines and dispatched at a
/// blank line. Lines end in LF, CRLF or CR, split anywhere across `feed` calls; comments
/// (`:`) and other fields (`event`, `id`, `retry`) are skipped. An event not closed by a blank
/// line before the stream ends is dropped, as the format requires.
struct SSEParser {
    private var line: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false
    /// The previous byte was a CR, so an LF right after it ends nothing new.
    private var afterCR = false
    /// Events dispatched so far.
    private(set) var events = 0

    /// Parses `bytes`, calling `emit` with each complete event's data.
    mutating func feed(_ bytes: UnsafeRawBufferPointer, emit: ([UInt8]) -> Void) {
        for byte in bytes {
            if afterCR {
                afterCR = false
                if byte == 0x0A { continue }
            }
            switch byte {
            case 0x0A: endLine(emit)
            case 0x0D:
                afterCR = true
                endLine(emit)
            default: line.append(byte)
            }
        }
    }

    /// Convenience for tests and small inputs.
    mutating func feed(_ text: String, emit: ([UInt8]) -> Void) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { feed(UnsafeRawBufferPointer($0), emit: emit) }
    }

    private mutating func endLine(_ emit: ([UInt8]) -> Void) {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            if hasData {
                events += 1
                emit(data)
            }
            data.removeAll(keepingCapacity: true)
            hasData = false
            return
        }
        if line.first == UInt8(ascii: ":") { return }
        let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.endIndex
        guard line[..<colon].elementsEqual("data".utf8) else { return }
        var value = colon < line.endIndex ? line.index(after: colon) : colon
        if value < line.endIndex, line[value] == UInt8(ascii: " ") { value += 1 }
        if hasData { data.append(0x0A) }
        data.append(contentsOf: line[value...])
        hasData = true
    }
}
