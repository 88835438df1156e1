import SondeCore

/// The bandwidth probe's section: MiB/s per transfer with a bootstrap interval of the mean.
struct ThroughputSection: ReportSectionSource {
    func sections(_ analysis: RunAnalysis) -> [ReportSection] {
        guard let throughput = analysis.throughput, !throughput.rows.isEmpty else { return [] }
        let level = NumberFormat.fixed(throughput.confidence * 100, digits: 0)
        var text = "MiB/s per transfer, time to first byte excluded: download = bytes / (total − first byte); "
        text += "upload = body bytes / (total − connection ready). CI: \(level)% percentile bootstrap of the mean "
        text += "(2,000 resamples, seeded). TTFB in milliseconds."
        var table = ReportTable(id: "transfers", columns: [
            .name("provider"), .init("direction"), .number("size", unit: "MiB"), .number("transfers"), .number("errors"),
            .number("p50 MiB/s", unit: "MiB/s"), .number("mean MiB/s", unit: "MiB/s"), .init("\(level)% CI", unit: "MiB/s"),
            .number("TTFB p50", unit: "ms"),
        ])
        for row in throughput.rows {
            let ci = row.meanInterval.map { "\(mib($0.lower)) – \(mib($0.upper))" } ?? "–"
            table.add([row.provider.name, row.direction.rawValue, NumberFormat.fixed(Double(row.bytes) / 1_048_576, digits: 1) + " MiB",
                       String(row.transfers), String(row.errors.reduce(0) { $0 + $1.count }), mib(row.medianRate), mib(row.meanRate), ci,
                       row.medianTTFBUs.map { NumberFormat.ms($0, digits: 2) } ?? "–"])
        }
        return [ReportSection(id: "bandwidth", title: "Throughput", blocks: [.text(ReportText(text)), .table(table)])]
    }

    private func mib(_ bytesPerSecond: Double?) -> String {
        bytesPerSecond.map { NumberFormat.fixed($0 / 1_048_576, digits: 2) } ?? "–"
    }
}

/// The load probe's section: target vs achieved rate, then corrected and uncorrected latency.
struct LoadSection: ReportSectionSource {
    func sections(_ analysis: RunAnalysis) -> [ReportSection] {
        guard let load = analysis.load, !load.rows.isEmpty else { return [] }
        var text = "Open-loop arrivals over a connection pool. Corrected latency is timed from each request's intended "
        text += "send time (coordinated omission corrected, as wrk2), uncorrected from its actual send; successful "
        text += "requests only, from HDR histograms (3 significant digits). Late: sent more than 1 ms after the intended "
        text += "time; unsent: still queued when the duration ended. Times in milliseconds."
        var rates = ReportTable(id: "rates", columns: [.name("provider"), .number("target req/s", unit: "1/s"),
                                                       .number("achieved req/s", unit: "1/s"), .number("sent"), .number("late"),
                                                       .number("unsent"), .init("errors")])
        for row in load.rows {
            let errors = row.errors.isEmpty ? "0" : row.errors.map { "\($0.errorClass.rawValue) \($0.count)" }.joined(separator: ", ")
            rates.add([row.provider.name, row.targetRate.map { NumberFormat.fixed($0, digits: 1) } ?? "max",
                       NumberFormat.fixed(row.achievedRate, digits: 1), String(row.sent), String(row.late), String(row.unsent), errors])
        }
        var latency = ReportTable(id: "latency", columns: [.name("provider"), .init("latency")]
                                  + LoadAnalysis.quantiles.map { .number($0.label, unit: "ms") })
        for row in load.rows {
            for (name, histogram) in [("corrected", row.corrected), ("uncorrected", row.uncorrected)] {
                latency.add([row.provider.name, name]
                            + LoadAnalysis.quantiles.map { histogram.quantile($0.q).map { NumberFormat.ms(Double($0), digits: 2) } ?? "–" })
            }
        }
        return [ReportSection(id: "load", title: "Latency under load", blocks: [.text(ReportText(text)), .table(rates), .table(latency)])]
    }
}
