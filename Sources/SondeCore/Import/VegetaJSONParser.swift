/// vegeta's JSON results, one object per line (`vegeta encode --to json`, or `vegeta attack
/// -format=json`), vegeta 12.12/12.13 (lib/results_json.go): `attack`, `seq`, `code`,
/// `timestamp` (RFC 3339 with nanoseconds: when the request actually began), `latency`
/// (nanoseconds), `bytes_out`, `bytes_in`, `error`, `body` (base64), `method`, `url`, `headers`.
///
/// `seq` orders the hits; `timestamp` is the start (vegeta paces towards a rate but records only
/// when each hit began, so there is no intended send time); `latency` is the total time; a
/// `code` of 0 with `error` set is a failure before any response, classified from Go's error
/// text; any other code is classified by status as sonde's own probes do.
enum VegetaJSONParser {
    static func parse(_ file: ImportFile) throws(ImportError) -> ImportedRun {
        let lines = try file.lines()
        var samples: [Sample] = []
        var urls: Set<String> = []
        var attacks: Set<String> = []
        for (index, line) in lines.enumerated() {
            let number = index + 1
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            guard let object = JSONObject(parsing: line) else {
                // vegeta's default result encoding is gob, which is binary.
                let hint = number == 1 ? " (vegeta writes gob by default: convert with `vegeta encode --to json`)" : ""
                throw file.error(number, "not a JSON object (truncated or malformed line)" + hint)
            }
            do {
                let seq = try object.integer("seq")
                let code = try object.integer("code")
                let stamp = try object.string("timestamp")
                guard let startedNs = RFC3339.nanoseconds(stamp) else {
                    throw file.error(number, "timestamp \"\(stamp)\" is not RFC 3339")
                }
                let latencyNs = try object.integer("latency")
                guard latencyNs >= 0, seq >= 0, (0..<1000).contains(code) else {
                    throw file.error(number, "negative latency or seq, or a code outside 0-999")
                }
                let bytesIn = object.has("bytes_in") ? try object.integer("bytes_in") : 0
                let error = try object.optionalString("error") ?? ""
                if let url = try object.optionalString("url"), !url.isEmpty { urls.insert(url) }
                if let attack = try object.optionalString("attack"), !attack.isEmpty { attacks.insert(attack) }
                let status = code == 0 ? nil : Int(code)
                let errorClass: ErrorClass?
                if let status {
                    errorClass = ErrorClass.forHTTPStatus(status)
                } else {
                    errorClass = error.isEmpty ? .other : GoErrorText.errorClass(error)
                }
                let sample = Sample(providerID: 0, probe: .latency, sequence: seq, intendedNs: startedNs, startedNs: startedNs,
                                    totalUs: (latencyNs + 500) / 1000, bytes: bytesIn, httpStatus: status, errorClass: errorClass)
                samples.append(sample)
            } catch let failure as ImportError {
                throw failure
            } catch let failure as JSONObject.FieldError {
                throw file.error(number, failure.text)
            } catch {
                throw file.error(number, "\(error)")
            }
        }
        guard !samples.isEmpty else { throw file.error(max(lines.count, 1), "no results in the file") }
        // Ordered by seq, vegeta's own total order of hits (it hands out seq and timestamp together).
        samples.sort { $0.sequence < $1.sequence }
        for index in samples.indices { samples[index].sequence = Int64(index) }
        var notes = ["\(samples.count) hits"]
        if !attacks.isEmpty { notes.append("attack: \(attacks.sorted().joined(separator: ", "))") }
        if urls.count > 1 { notes.append("targets: \(urls.sorted().joined(separator: ", "))") }
        return ImportedRun(format: .vegeta, probe: .latency, endpoint: urls.count == 1 ? urls.first : nil,
                           samples: samples, notes: notes)
    }
}
