/// hey's per-request CSV (`hey -o csv`, rakyll/hey 0.1.4 as Debian ships it, requester/print.go):
/// a header, then one row per successful request: response-time, DNS+dialup, DNS,
/// Request-write, Response-delay, Response-read (seconds, `%4.4f`), status-code, offset
/// (seconds since hey started). Requests that failed are not written at all.
///
/// Phases become cumulative marks as libcurl's are: `dns_us` = DNS, `connect_us` = DNS+dialup
/// (which holds any TLS handshake: Go's GotConn follows it), `ttfb_us` = DNS+dialup +
/// Request-write + Response-delay, `total_us` = response-time; a zero DNS or dial (a literal
/// address, a reused connection) is "did not happen". hey's clock starts with the process and
/// it writes the CSV when the run ends, so the run is anchored with its last request ending at
/// the file's modification time.
enum HeyCSVParser {
    static let header = "response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset"

    static func parse(_ file: ImportFile) throws(ImportError) -> ImportedRun {
        let lines = try file.lines()
        guard let first = lines.first else { throw file.error(1, "empty file: expected hey's CSV header") }
        guard first == header[...] else {
            throw file.error(1, "not hey's CSV header (expected \"\(header)\")")
        }
        var rows: [(offsetUs: Int64, sample: Sample)] = []
        rows.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated().dropFirst() {
            let number = index + 1
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 8 else {
                throw file.error(number, "expected 8 comma-separated fields, found \(fields.count)")
            }
            var micros: [Int64] = []
            for (column, field) in fields.enumerated() where column != 6 {
                // hey writes every time as `%4.4f`: exactly four decimals, so a row cut short
                // inside its last number is caught too.
                let point = field.utf8.firstIndex(of: UInt8(ascii: "."))
                guard let point, field.utf8.distance(from: point, to: field.utf8.endIndex) == 5,
                      let value = DecimalText.scaled(field, shift: 6), value >= 0 else {
                    throw file.error(number, "field \(column + 1) is not seconds with four decimals as hey writes them: \"\(field)\"")
                }
                micros.append(value)
            }
            guard let status = Int(fields[6]), (100..<600).contains(status) else {
                throw file.error(number, "status-code is not an HTTP status: \"\(fields[6])\"")
            }
            let (total, dial, dns, write, delay, offset) = (micros[0], micros[1], micros[2], micros[3], micros[4], micros[6])
            let sample = Sample(providerID: 0, probe: .latency, sequence: 0, intendedNs: 0, startedNs: 0,
                                dnsUs: dns > 0 ? dns : nil, connectUs: dial > 0 ? dial : nil,
                                ttfbUs: dial + write + delay, totalUs: total, bytes: 0, httpStatus: status,
                                errorClass: ErrorClass.forHTTPStatus(status))
            rows.append((offset, sample))
        }
        guard !rows.isEmpty else {
            throw file.error(1, "no requests after the header (hey writes only the requests that succeeded)")
        }
        let endUs = rows.map { $0.offsetUs + ($0.sample.totalUs ?? 0) }.max() ?? 0
        let originNs = file.modifiedNs - endUs * 1000
        let samples = rows.map { row -> Sample in
            var sample = row.sample
            sample.startedNs = originNs + row.offsetUs * 1000
            sample.intendedNs = sample.startedNs
            return sample
        }
        let (ordered, _) = ImportedRun.ordered(samples)
        return ImportedRun(format: .hey, probe: .latency, endpoint: nil, samples: ordered,
                           notes: ["\(rows.count) requests", "clock anchored: last request ends at the file's modification time"])
    }
}
