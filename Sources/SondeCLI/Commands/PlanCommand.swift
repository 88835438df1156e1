import ArgumentParser
import Foundation
import SondeCore
import SondeReport
import SondeStore

/// `sonde plan`: from a pilot run, how many values a side a gate comparison needs to detect a
/// change of a metric with a given power (docs/ci.md, docs/statistics.md).
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "From a pilot run, how many samples per provider the gate needs to detect a change.",
        discussion: """
            Example: sonde plan --last --change +10% --metric p99 --power 0.8. The pilot's values stand for both \
            sides of a future gate comparison with the gate's test and level. Exit codes: 0 success; 64 bad usage; \
            66 no such database or run.
            """)

    @Option(help: "The SQLite database holding the pilot run.")
    var db = "sonde.db"

    @Option(help: "The pilot: a run id or unambiguous prefix (default: the most recent run).")
    var run: String?

    @Flag(help: "The most recent run (the default).")
    var last = false

    @Option(help: "The change to detect, e.g. +10% or -5% (a share such as 0.1 works too).")
    var change: String

    @Option(help: "The metric: p50, p90, p99, variance, iqr, mad, throughput, or a gate metric name such as p99_ttft.")
    var metric = "p99"

    @Option(help: "The probability of detecting the change.")
    var power = DetectableChange.defaultPower

    @Option(help: "The gate's one-sided significance level.")
    var level = GateStatistics.defaultLevel

    func validate() throws {
        if run != nil && last { throw ValidationError("choose one of --run and --last") }
        _ = try parsedChange()
        _ = try parsedMetric()
    }

    func run() async throws {
        try await reportingErrors {
            let store = try StoreOpener.open(db, create: false)
            let record = try store.run(run.map(RunSelector.id) ?? .last)
            var samples = GateSample.all(try store.load(record))
            GateSample.attach(try store.loadLLM(record).map(LLMSeries.init), to: &samples)
            let (metric, change) = (try parsedMetric(), try parsedChange())
            let plan: GatePlan
            do throws(GatePlan.Problem) {
                plan = try GatePlan(pilot: samples, metric: metric, change: change, power: power, level: level)
            } catch {
                throw CLIError(.usage, error.description)
            }
            Terminal.output(GatePlanMarkdownExporter().export(plan, run: record.info.id))
        }
    }

    /// "+10%", "-5%", "10%", "0.1" as a share.
    func parsedChange() throws -> Double {
        var text = change.trimmingCharacters(in: .whitespaces)
        let percent = text.hasSuffix("%")
        if percent { text.removeLast() }
        guard let value = Double(text.replacingOccurrences(of: "−", with: "-")), value.isFinite, value != 0 else {
            throw ValidationError("--change '\(change)': expected a non-zero change such as +10% or -5%")
        }
        let share = percent ? value / 100 : value
        guard share > -1 else { throw ValidationError("--change '\(change)': a decrease must be above -100%") }
        return share
    }

    /// Short names (p99, variance) or the gate's metric names.
    func parsedMetric() throws -> GateRules.Metric {
        let short: [String: GateRules.Metric] = ["p50": .p50Total, "p90": .p90Total, "p99": .p99Total, "variance": .varianceTotal,
                                                 "iqr": .iqrTotal, "mad": .madTotal]
        guard let m = short[metric] ?? GateRules.Metric(rawValue: metric) else {
            throw ValidationError("--metric '\(metric)': expected p50, p90, p99, variance, iqr, mad or a gate metric name")
        }
        return m
    }
}
