import Foundation
import SondeCore

/// The history report's sections (several runs together): change points, per-run series, time
/// windows and pooled availability, one section each, as the report model's blocks, so that the
/// Markdown, CSV, JSON and HTML formats render them the same way single-run sections are rendered.
public enum HistorySection {
    /// Every section of `history`, in reading order.
    public static func sections(_ history: HistoryAnalysis) -> [ReportSection] {
        [changes(history), windows(history), varianceRatio(history), availability(history), runs(history)].compactMap { $0 }
    }

    /// The provider's name, with its vantage point when the runs came from several.
    static func label(_ provider: HistoryAnalysis.ProviderHistory, _ history: HistoryAnalysis) -> String {
        history.hasSeveralVantages ? "\(provider.name) @ \(provider.vantage ?? "no vantage")" : provider.name
    }

    static func changes(_ history: HistoryAnalysis) -> ReportSection {
        let settings = history.settings
        var table = ReportTable(id: "change-points", columns: [
            .name("provider"), .init("metric"), .init("run"), .init("started"), .number("run number"),
            .number("before", unit: "ms or rate"), .number("after", unit: "ms or rate"), .number("shift", unit: "ms or rate"),
            .number("shift low", unit: "ms or rate"), .number("shift high", unit: "ms or rate"), .number("p-value"),
        ])
        for provider in history.providers {
            for found in provider.changes {
                let change = found.change
                let value = { (v: Double) in found.metric == .errorRate ? NumberFormat.fixed(v, digits: 4) : NumberFormat.ms(v) }
                table.add([label(provider, history), found.metric.rawValue, found.runID, RunListExporter.timestamp(found.startedNs),
                           String(found.runIndex + 1), value(change.before.median), value(change.after.median),
                           value(change.shift.point), value(change.shift.lower), value(change.shift.upper),
                           NumberFormat.fixed(change.pValue, digits: 5)])
            }
        }
        var blocks: [ReportBlock] = [.text(.init(
            "Change points in each provider's per-run series (median and p99 of total time, error rate), by E-divisive means "
            + "(Matteson & James 2014) with a permutation test; every one of the \(settings.seriesCount) series is tested at "
            + "\(NumberFormat.fixed(settings.seriesLevel, digits: 6)) (Bonferroni), so the whole report raises a false alarm "
            + "with probability at most \(NumberFormat.fixed(settings.familyAlpha, digits: 3)). The shift is the Hodges–Lehmann "
            + "estimate (after − before) with its \(NumberFormat.fixed(settings.confidence * 100, digits: 0))% interval; "
            + "the run is the first after the change, its number counted from 1 at the oldest run with that metric."))]
        blocks.append(table.rows.isEmpty ? .text(.init("No significant change point.")) : .table(table))
        return ReportSection(id: "history-change-points", title: .init("Change points"), blocks: blocks)
    }

    static func windows(_ history: HistoryAnalysis) -> ReportSection {
        var table = ReportTable(id: "windows", columns: [
            .name("provider"), .init("window start"), .number("attempts"), .number("error rate"),
            .number("p50", unit: "ms"), .number("p50 low", unit: "ms"), .number("p50 high", unit: "ms"),
            .number("p90", unit: "ms"), .number("p90 low", unit: "ms"), .number("p90 high", unit: "ms"),
            .number("p99", unit: "ms"), .number("p99 low", unit: "ms"), .number("p99 high", unit: "ms"), .init("source"),
        ])
        func cells(_ q: QuantileInterval?) -> [String] {
            guard let q else { return ["", "", ""] }
            return [NumberFormat.ms(q.value), q.lower.map { NumberFormat.ms($0) } ?? "", q.upper.map { NumberFormat.ms($0) } ?? ""]
        }
        for provider in history.providers {
            for window in provider.windows {
                table.add([label(provider, history), RunListExporter.timestamp(window.startNs), String(window.attempts),
                           NumberFormat.fixed(window.errorRate, digits: 4)] + cells(window.p50) + cells(window.p90) + cells(window.p99)
                          + [window.source.rawValue])
            }
        }
        let fromSummaries = history.providers.flatMap(\.windows).filter { $0.source != .samples }.count
        let pruned = history.summarizedRuns == 0 ? "" : " \(history.summarizedRuns) of the \(history.runIdentifiers.count) runs "
            + "were pruned (sonde prune): \(fromSummaries) windows (source summaries, or mixed with raw samples) take their "
            + "quantiles and intervals from the runs' HDR histograms, three significant digits, so within 0.1% of the exact "
            + "order statistics; their attempt and error counts are exact."
        return ReportSection(id: "history-windows", title: .init("By \(history.bucket.rawValue) (UTC)"), blocks: [
            .text(.init("Total time of successful attempts per \(history.bucket.rawValue) window, with distribution-free "
                        + "order-statistic intervals (empty: the window has too few attempts for that end); the error rate "
                        + "counts every attempt." + pruned)),
            .figure("history-smoke"),
            .table(table),
        ])
    }

    static func varianceRatio(_ history: HistoryAnalysis) -> ReportSection {
        let ratios = history.varianceRatios
        guard let baseline = ratios.baseline else {
            return ReportSection(id: "history-variance-ratio", title: .init("Variance ratio over time"), blocks: [
                .text(.init("No baseline provider: the runs have no single centralized provider and none was named "
                            + "(analysis.baseline or --baseline), so no variance ratio is computed.")),
            ])
        }
        var table = ReportTable(id: "variance-ratio", columns: [
            .name("provider"), .init("window start"), .number("runs"), .number("variance ratio"),
            .number("ratio low"), .number("ratio high"),
            .number("variance", unit: "ms²"), .number("baseline variance", unit: "ms²"),
        ])
        let several = Set(ratios.series.map(\.vantage)).count > 1
        for series in ratios.series {
            let name = several ? "\(series.candidate) @ \(series.vantage ?? "no vantage")" : series.candidate
            for window in series.windows {
                table.add([name, RunListExporter.timestamp(window.startNs), String(window.runs), NumberFormat.fixed(window.ratio, digits: 3),
                           window.lower.map { NumberFormat.fixed($0, digits: 3) } ?? "",
                           window.upper.map { NumberFormat.fixed($0, digits: 3) } ?? "",
                           NumberFormat.fixed(window.candidateVariance / 1e6, digits: 3),
                           NumberFormat.fixed(window.baselineVariance / 1e6, digits: 3)])
            }
        }
        let level = NumberFormat.fixed(ratios.confidence * 100, digits: 0)
        return ReportSection(id: "history-variance-ratio", title: .init("Variance ratio over time"), blocks: [
            .text(.init("Per \(history.bucket.rawValue) window, each DePIN provider's variance of total time (successful attempts) "
                        + "over the baseline \(baseline)'s, and the DePIN providers pooled. The \(level)% interval is a percentile "
                        + "cluster bootstrap over runs (\(ratios.resamples) resamples, seed \(ratios.seed)): whole runs are "
                        + "resampled, jointly for both sides, because attempts inside a run are dependent and runs are not; "
                        + "a window with one run has no interval, and with a dozen runs the interval is narrower than its level. "
                        + "Pruned runs enter through their HDR histograms (0.1%).")),
            .figure("history-variance-ratio"),
            table.rows.isEmpty ? .text(.init("No window where the baseline and a DePIN provider both succeeded.")) : .table(table),
        ])
    }

    static func availability(_ history: HistoryAnalysis) -> ReportSection? {
        let pooled = history.providers.compactMap { p in p.availability.map { (label(p, history), $0) } }
        guard !pooled.isEmpty else { return nil }
        var table = ReportTable(id: "availability", columns: [
            .name("provider"), .number("runs"), .number("heartbeats"), .number("failures"), .number("availability", unit: "%"),
            .number("lower", unit: "%"), .number("upper", unit: "%"), .number("interruptions"), .number("spanning runs"), .number("observed", unit: "s"), .number("down", unit: "s"),
        ])
        for (name, a) in pooled {
            table.add([name, String(a.runs), String(a.attempts), String(a.failures),
                       a.availability.map { NumberFormat.fixed($0 * 100, digits: 4) } ?? "",
                       a.availabilityLower.map { NumberFormat.fixed($0 * 100, digits: 4) } ?? "",
                       a.availabilityUpper.map { NumberFormat.fixed($0 * 100, digits: 4) } ?? "",
                       String(a.interruptions), String(a.spanningRuns), NumberFormat.fixed(a.observedUs / 1e6, digits: 1),
                       NumberFormat.fixed(a.downUs / 1e6, digits: 1)])
        }
        return ReportSection(id: "history-availability", title: .init("Availability across runs"), blocks: [
            .text(.init("Heartbeats pooled over the runs: the time between runs is not observed (neither up nor down); an "
                        + "interruption spanning the end of one run and the start of the next is counted once. The "
                        + "\(NumberFormat.fixed(pooled[0].1.mtbf.confidence * 100, digits: 0))% interval on availability is a "
                        + "percentile cluster bootstrap over runs (\(pooled[0].1.resamples) resamples, seeded), widened by "
                        + "what the heartbeats cannot resolve: each stretch of failures may be down from the heartbeat before "
                        + "it to the one after it, and at least from its first to its last failure. Without a failure it "
                        + "is [100, 100]: a drop rarer than the runs is not seen.")),
            .table(table),
        ])
    }

    static func runs(_ history: HistoryAnalysis) -> ReportSection {
        var table = ReportTable(id: "runs", columns: [
            .name("provider"), .init("run"), .init("started"), .number("attempts"), .number("failures"),
            .number("median", unit: "ms"), .number("p99", unit: "ms"), .number("error rate"), .init("source"),
        ])
        for provider in history.providers {
            for point in provider.runs {
                table.add([label(provider, history), point.runID, RunListExporter.timestamp(point.startedNs), String(point.attempts),
                           String(point.failures), point.medianUs.map { NumberFormat.ms($0) } ?? "",
                           point.p99Us.map { NumberFormat.ms($0) } ?? "", NumberFormat.fixed(point.errorRate, digits: 4),
                           point.fromSummary ? "summary" : "samples"])
            }
        }
        return ReportSection(id: "history-runs", title: .init("Per run"), blocks: [
            .text(.init("A pruned run's median, p99 and error rate (source summary) were computed from its raw samples "
                        + "before they were dropped, so they are exact.")),
            .table(table),
        ])
    }
}
