// Driver of scripts/stats/coverage-grid.sh: runs CoverageGrid (Tests/SondeCoreTests/Statistics/)
// for the given repetitions and cells, prints one summary line per cell and, with a CSV path,
// one row per repetition (cell, rep, covered variance/iqr/mad, block length, log spread) for
// the warning analysis in docs/statistics.md.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let args = CommandLine.arguments
let reps = args.count > 1 ? Int(args[1]) ?? 200 : 200
let csvPath = args.count > 2 && args[2] != "-" ? args[2] : nil
let cells = CoverageGrid.cells
let wanted = args.count > 3 ? args[3].split(separator: ",").compactMap { Int($0) } : Array(cells.indices)
let csv = csvPath.flatMap { fopen($0, "a") }
for i in wanted {
    let cell = cells[i]
    var outcomes: [CoverageGrid.Outcome] = []
    for rep in 0..<reps {
        let o = CoverageGrid.run(cell, index: i, rep: rep)
        outcomes.append(o)
        if let csv {
            fputs("\(i),\(rep),\(o.covered.variance ? 1 : 0),\(o.covered.iqr ? 1 : 0),\(o.covered.mad ? 1 : 0),"
                  + "\(o.blockLength),\(o.logSpread),\(o.width.variance),\(o.width.iqr),\(o.width.mad)\n", csv)
        }
    }
    if let csv { fflush(csv) }
    print("[grid] \(i) \(cell.name): \(CoverageGrid.Summary(outcomes))")
    fflush(stdout)
}
if let csv { fclose(csv) }
