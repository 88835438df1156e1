import Benchmark
import Fixtures
import SondeReport

func registerReportBenchmarks() {
    // Rendering only: the analysis is computed once in setup, as the CLI computes it once per
    // report. The statistics tables take well under a millisecond, so an iteration renders them
    // `repeats` times; the raw samples CSV (100k rows) once, and the JSON document once (it packs
    // every successful total and its bytes, the gate's baseline file: issue 17).
    for (name, format, repeats) in [("Markdown", ReportFormat.md, 20), ("CSV", .csv, 20), ("SamplesCSV", .samples, 1),
                                    ("JSON", .json, 1)] {
        Benchmark("Report-\(name)-4x25k-samples\(repeats > 1 ? "-x\(repeats)" : "")") { benchmark, input in
            let exporter = format.exporter
            for _ in benchmark.scaledIterations {
                for _ in 0..<repeats { blackHole(exporter.export(input)) }
            }
        } setup: {
            try ReportInput(data: SyntheticSamples.runData(perProvider: 25_000))
        }
    }
}
