import SondeCore

/// The tcp probe's section: time to an established TCP connection (no HTTP request) per
/// provider, and the name lookup when there was one; errors by class.
struct TCPSection: ReportSectionSource {
    func sections(_ analysis: RunAnalysis) -> [ReportSection] {
        guard let tcp = analysis.attempts[.tcp], !tcp.providers.isEmpty else { return [] }
        let quantiles: [(String, KeyPath<Descriptive, Double>)] = [("p50", \.p50), ("p90", \.p90), ("p99", \.p99), ("max", \.max)]
        var table = ReportTable(id: "connect", columns: [.name("provider"), .number("attempts"), .init("errors")]
                                + quantiles.map { .number("connect \($0.0)", unit: "ms") } + [.number("dns p50", unit: "ms")])
        for p in tcp.providers {
            let errors = p.errors.isEmpty ? "0" : p.errors.map { "\($0.errorClass.rawValue) \($0.count)" }.joined(separator: ", ")
            let dns = p.phases.first { $0.phase == .dns }?.stats
            table.add([p.provider.name, String(p.attempts), errors]
                      + quantiles.map { q in p.total.map { NumberFormat.ms($0[keyPath: q.1], digits: 3) } ?? "–" }
                      + [dns.map { NumberFormat.ms($0.p50, digits: 3) } ?? "–"])
        }
        let text = ReportText("Time from the attempt's start to an established TCP connection to the provider's host and port "
            + "(no HTTP request), successful attempts only, including the name lookup when one was made; quantiles are type 7. "
            + "Times in milliseconds.")
        return [ReportSection(id: "tcp", title: "TCP connect time", blocks: [.text(text), .table(table)])]
    }
}
