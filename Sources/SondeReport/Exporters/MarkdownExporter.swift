import SondeCore

/// The Markdown report: the run's facts and headline, then every section of the report model.
public struct MarkdownExporter: Exporter {
    public init() {}

    public func export(_ input: ReportInput) -> [UInt8] {
        let run = input.latency.run
        var out = "# sonde latency report\n\n"
        var facts = ["run `\(run.id)`", "status \(run.status)", "started \(NumberFormatting.timestamp(run.startedNs))"]
        if let label = run.label { facts.append("label \(escape(label))") }
        if let vantage = run.vantage { facts.append("vantage \(escape(vantage))") }
        out += facts.joined(separator: " · ") + "\n\n"
        if let provenance = input.provenance { out += "\(provenance)\n\n" }
        if let variance = input.variance {
            out += "**\(escape(variance.headline))**\n\n"
        } else if let note = input.varianceNote {
            out += "No comparison: \(escape(note)).\n\n"
        }
        out += "Times in milliseconds, over successful attempts only; quantiles are linear interpolation "
        out += "(Hyndman–Fan type 7); sd uses n−1; cv = sd/mean; MAD is unscaled.\n\n"
        out += ReportModel(input).sections.map(section).joined(separator: "\n")
        return Array(out.utf8)
    }

    /// `## title`, then each block followed by a blank line's worth of separation.
    func section(_ section: ReportSection) -> String {
        let blocks = section.blocks.compactMap(block)
        return "## \(text(section.title))\n\n" + blocks.joined(separator: "\n")
    }

    /// A block as Markdown lines ending in a newline; `nil` for figures (Markdown draws none).
    func block(_ block: ReportBlock) -> String? {
        switch block.kind {
        case .text: return text(block.text ?? "") + "\n"
        case .heading: return "### \(text(block.text ?? ""))\n"
        case .list: return (block.items ?? []).map { "- " + text($0) + "\n" }.joined()
        case .table: return block.table.map(MarkdownTable.render)
        case .figure: return nil
        }
    }

    func text(_ text: ReportText) -> String { text.rendered(names: escape) }

    func escape(_ text: String) -> String { MarkdownText.escape(text) }
}
