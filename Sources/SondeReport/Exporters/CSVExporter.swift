import Foundation
import SondeCore

/// The statistics as CSV: one row per provider and phase, times in microseconds.
public struct CSVExporter: Exporter {
    public init() {}

    static let header = ["run_id", "provider", "kind", "region", "jurisdiction", "phase", "attempts", "successes",
                         "errors", "n", "p50_us", "p90_us", "p99_us", "p999_us", "max_us", "mean_us", "sd_us", "cv",
                         "iqr_us", "mad_us"]

    public func export(_ input: ReportInput) -> [UInt8] {
        var out = CSV.row(Self.header)
        for provider in input.latency.providers {
            for phase in provider.phases {
                var cells = [input.latency.run.id, provider.provider.name, provider.provider.kind.rawValue,
                             provider.provider.region, provider.provider.jurisdiction, phase.phase.rawValue,
                             String(provider.attempts), String(provider.successes), String(provider.errorCount)]
                if let s = phase.stats {
                    cells.append(String(s.count))
                    cells += [s.p50, s.p90, s.p99, s.p999, s.max, s.mean, s.standardDeviation].map { NumberFormatting.fixed($0, digits: 1) }
                    cells.append(NumberFormatting.fixed(s.coefficientOfVariation, digits: 4))
                    cells += [s.iqr, s.mad].map { NumberFormatting.fixed($0, digits: 1) }
                } else {
                    cells += ["0"] + Array(repeating: "", count: 10)
                }
                out += CSV.row(cells)
            }
        }
        let identities = Dictionary(input.data.series.map { ($0.provider.name, $0.provider) }) { first, _ in first }
        for cells in ProvisioningSection.csvRows(input, kinds: identities) { out += CSV.row(cells) }
        return Array(out.utf8)
    }
}

/// Every raw sample as one CSV row, with the provider's identity; empty cells are NULLs.
public struct SamplesCSVExporter: Exporter {
    public init() {}

    static let header = ["run_id", "provider", "kind", "region", "probe", "sequence", "intended_ns", "started_ns",
                         "dns_us", "connect_us", "tls_us", "ttfb_us", "total_us", "bytes", "http_status", "error_class"]

    public func export(_ input: ReportInput) -> [UInt8] {
        var out = CSV.row(Self.header)
        let runID = input.data.run.info.id
        for series in input.data.series {
            let p = series.provider
            for s in series.samples {
                out += CSV.row([runID, p.name, p.kind.rawValue, p.region, s.probe.rawValue, String(s.sequence),
                                String(s.intendedNs), String(s.startedNs), text(s.dnsUs), text(s.connectUs),
                                text(s.tlsUs), text(s.ttfbUs), text(s.totalUs), String(s.bytes),
                                s.httpStatus.map(String.init) ?? "", s.errorClass?.rawValue ?? ""])
            }
        }
        return Array(out.utf8)
    }

    private func text(_ value: Int64?) -> String { value.map(String.init) ?? "" }
}

/// RFC 4180 quoting, plus a guard against spreadsheet formula injection in text cells.
enum CSV {
    static func row(_ cells: [String]) -> String {
        cells.map(quote).joined(separator: ",") + "\n"
    }

    static func quote(_ cell: String) -> String {
        var text = cell
        if let first = text.first, "=+-@".contains(first), Double(text) == nil { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
