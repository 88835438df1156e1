import Foundation
import SondeCore

/// `sonde runs` as bytes: an aligned text table for people, CSV and JSON for scripts. Times
/// are RFC 3339 in UTC; JSON also carries the stored nanoseconds.
public enum RunListExporter {
    /// The formats `sonde runs --format` accepts.
    public enum Format: String, Sendable, CaseIterable {
        case table, csv, json
    }

    /// The runs in `format`, in the order given.
    public static func export(_ runs: [RunSummary], format: Format) -> [UInt8] {
        switch format {
        case .table: return Array(table(runs).utf8)
        case .csv: return Array(csv(runs).utf8)
        case .json: return json(runs)
        }
    }

    static let csvHeader = ["id", "started_at", "finished_at", "status", "label", "vantage", "host", "providers", "samples",
                            "samples_by_probe"]

    static func csv(_ runs: [RunSummary]) -> String {
        var out = CSV.row(csvHeader)
        for run in runs {
            out += CSV.row([run.id, timestamp(run.startedNs), run.finishedNs.map(timestamp) ?? "", run.status.rawValue,
                            run.label ?? "", run.vantage ?? "", run.host ?? "", String(run.providers), String(run.samples),
                            byProbe(run)])
        }
        return out
    }

    /// `latency=3472;load=10`: every probe kind's count in one cell.
    static func byProbe(_ run: RunSummary) -> String {
        run.samplesByProbe.map { "\($0.probe)=\($0.samples)" }.joined(separator: ";")
    }

    static func table(_ runs: [RunSummary]) -> String {
        let header = ["ID", "STARTED (UTC)", "STATUS", "LABEL", "VANTAGE", "PROVIDERS", "SAMPLES"]
        let rows = runs.map { run in
            [run.id, timestamp(run.startedNs), run.status.rawValue, printable(run.label ?? "-"), printable(run.vantage ?? "-"),
             String(run.providers), run.samplesByProbe.count > 1 ? "\(run.samples) (\(byProbe(run)))" : String(run.samples)]
        }
        var widths = header.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        // Counts align right, as numbers do; the last column is not padded.
        let numeric: Set<Int> = [5]
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                if column == cells.count - 1 { return cell }
                return numeric.contains(column) ? pad + cell : cell + pad
            }.joined(separator: "  ") + "\n"
        }
        return ([header] + rows).map(line).joined()
    }

    /// Control characters in a stored label would break the table's lines.
    static func printable(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : Character($0) })
    }

    struct Entry: Encodable {
        var id: String
        var label: String?
        var vantage: String?
        var host: String?
        var status: String
        var startedAt: String
        var startedAtNs: Int64
        var finishedAt: String?
        var finishedAtNs: Int64?
        var providers: Int
        var samples: Int
        var samplesByProbe: [String: Int]

        enum CodingKeys: String, CodingKey {
            case id, label, vantage, host, status, providers, samples
            case startedAt = "started_at", startedAtNs = "started_at_ns", finishedAt = "finished_at"
            case finishedAtNs = "finished_at_ns", samplesByProbe = "samples_by_probe"
        }
    }

    static func json(_ runs: [RunSummary]) -> [UInt8] {
        let entries = runs.map { run in
            Entry(id: run.id, label: run.label, vantage: run.vantage, host: run.host, status: run.status.rawValue,
                  startedAt: timestamp(run.startedNs), startedAtNs: run.startedNs, finishedAt: run.finishedNs.map(timestamp),
                  finishedAtNs: run.finishedNs, providers: run.providers, samples: run.samples,
                  samplesByProbe: Dictionary(run.samplesByProbe.map { ($0.probe, $0.samples) }) { $0 + $1 })
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and integers cannot fail.
        return Array((try? encoder.encode(entries)) ?? Data("[]".utf8)) + [UInt8(ascii: "\n")]
    }

    /// RFC 3339 in UTC to the second (`2026-12-04T21:56:11Z`), computed directly: a formatter
    /// per row would cost more than the query on thousands of runs.
    static func timestamp(_ ns: Int64) -> String {
        let seconds = ns >= 0 ? ns / 1_000_000_000 : (ns - 999_999_999) / 1_000_000_000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Howard Hinnant's civil_from_days (proleptic Gregorian calendar).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(secondOfDay / 3_600)):\(two(secondOfDay % 3_600 / 60)):\(two(secondOfDay % 60))Z"
    }
}
