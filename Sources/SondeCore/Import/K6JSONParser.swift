/// k6's JSON lines output (`k6 run --out json=FILE`; the format documented for k6 v0.4x to
/// v1.x, "Results output > JSON"): `{"type":"Metric",...}` declarations and
/// `{"type":"Point","data":{"time":RFC3339,"value":N,"tags":{...}},"metric":NAME}` samples.
///
/// k6 has no request id. Each HTTP request's trail (lib/netext/httpext/tracer.go) emits its
/// points together: `http_reqs`, `http_req_duration`, `_blocked`, `_connecting`,
/// `_tls_handshaking`, `_sending`, `_waiting`, `_receiving` (and `http_req_failed`), all with the
/// trail's end time and the request's tag set. So points are joined on (time, tags): a point
/// goes to the earliest request with that key still missing its metric, else starts a new one.
/// Two requests of one VU cannot share an end time to the nanosecond; two VUs' requests with the
/// same tags and end time would still each get one point of every metric.
///
/// Times are milliseconds. `http_req_blocked` spans from asking for a connection to having one
/// (so it holds connecting and TLS), and `http_req_duration` is sending + waiting + receiving,
/// so as cumulative marks: `connect_us` = blocked − TLS, `tls_us` = blocked, `ttfb_us` =
/// blocked + sending + waiting, `total_us` = blocked + duration (k6's own `http_req_duration`
/// leaves connection set-up out; sonde's total, like libcurl's, keeps it in).
enum K6JSONParser {
    static let trendMetrics = ["http_req_duration", "http_req_blocked", "http_req_connecting", "http_req_tls_handshaking",
                               "http_req_sending", "http_req_waiting", "http_req_receiving"]
    static let requestMetrics = Set(trendMetrics + ["http_reqs", "http_req_failed"])

    struct Request {
        var firstLine: Int
        var timeNs: Int64
        var tags: [String: String]
        var values: [String: Double] = [:]
    }

    static func parse(_ file: ImportFile) throws(ImportError) -> ImportedRun {
        let lines = try file.lines()
        var requests: [Request] = []
        var open: [String: [Int]] = [:]
        for (index, line) in lines.enumerated() {
            let number = index + 1
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            guard let object = JSONObject(parsing: line) else {
                throw file.error(number, "not a JSON object (truncated or malformed line)")
            }
            do {
                let type = try object.string("type")
                guard type == "Point" else {
                    guard type == "Metric" else { throw file.error(number, "unknown line type \"\(type)\"") }
                    continue
                }
                let metric = try object.string("metric")
                guard requestMetrics.contains(metric) else { continue }
                let data = try object.object("data")
                let stamp = try data.string("time")
                guard let timeNs = RFC3339.nanoseconds(stamp) else {
                    throw file.error(number, "time \"\(stamp)\" is not RFC 3339")
                }
                let value = try data.number("value")
                guard value.isFinite, value >= 0 else { throw file.error(number, "value of \(metric) is negative") }
                var tags: [String: String] = [:]
                if data.has("tags") {
                    for (key, tag) in try data.object("tags").fields {
                        guard let text = tag as? String else { throw file.error(number, "tag \"\(key)\" is not a string") }
                        tags[key] = text
                    }
                }
                let key = stamp + "\u{1}" + tags.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\u{1}")
                if let slot = open[key]?.first(where: { requests[$0].values[metric] == nil }) {
                    requests[slot].values[metric] = value
                } else {
                    open[key, default: []].append(requests.count)
                    requests.append(Request(firstLine: number, timeNs: timeNs, tags: tags, values: [metric: value]))
                }
            } catch let failure as ImportError {
                throw failure
            } catch let failure as JSONObject.FieldError {
                throw file.error(number, failure.text)
            } catch {
                throw file.error(number, "\(error)")
            }
        }
        guard !requests.isEmpty else {
            throw file.error(max(lines.count, 1), "no HTTP request points (http_req_*) in the file")
        }
        var samples: [Sample] = []
        var urls: Set<String> = []
        for request in requests {
            for metric in ["http_reqs"] + trendMetrics where request.values[metric] == nil {
                throw file.error(request.firstLine, "the request whose points start here has no \(metric) point (truncated file?)")
            }
            samples.append(sample(request))
            if let url = request.tags["url"] { urls.insert(url) }
        }
        let (ordered, _) = ImportedRun.ordered(samples)
        var notes = ["\(requests.count) requests joined from their points on (time, tags)"]
        if urls.count > 1 { notes.append("targets: \(urls.sorted().joined(separator: ", "))") }
        return ImportedRun(format: .k6, probe: .latency, endpoint: urls.count == 1 ? urls.first : nil,
                           samples: ordered, notes: notes)
    }

    static func sample(_ request: Request) -> Sample {
        func us(_ metric: String) -> Int64 { Int64(((request.values[metric] ?? 0) * 1000).rounded()) }
        let blocked = us("http_req_blocked")
        let tls = us("http_req_tls_handshaking")
        let total = blocked + us("http_req_duration")
        let status = Int(request.tags["status"] ?? "") ?? 0
        let errorClass: ErrorClass?
        if status != 0 {
            errorClass = ErrorClass.forHTTPStatus(status)
        } else {
            errorClass = Self.errorClass(code: Int(request.tags["error_code"] ?? "") ?? 1000)
        }
        let startedNs = request.timeNs - total * 1000
        return Sample(providerID: 0, probe: .latency, sequence: 0, intendedNs: startedNs, startedNs: startedNs,
                      connectUs: us("http_req_connecting") > 0 ? blocked - tls : nil, tlsUs: tls > 0 ? blocked : nil,
                      ttfbUs: status != 0 ? blocked + us("http_req_sending") + us("http_req_waiting") : nil,
                      totalUs: total, bytes: 0, httpStatus: status != 0 ? status : nil, errorClass: errorClass)
    }

    /// k6's error codes (lib/netext/httpext/error_codes.go) in sonde's classes.
    static func errorClass(code: Int) -> ErrorClass {
        switch code {
        case 1050, 1211: return .timeout
        case 1100..<1200: return .dns
        case 1212: return .refused
        case 1201, 1220: return .reset
        case 1310: return .tlsUntrusted
        case 1300..<1400: return .tlsOther
        case 1600..<1800: return .protocol
        default: return .other
        }
    }
}
