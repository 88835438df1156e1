// Driver of scripts/stats/coverage-grid.sh: runs CoverageGrid (Tests/SondeCoreTests/Statistics/)
// for the given repetitions and cells, prints one summary line per cell and, with a CSV path,
// one row per repetition (cell, rep, covered variance/iqr/mad, block length, log spread) for
// the warning analysis in docs/statistics.md. A fifth argument starts at that repetition, so a
// longer run can continue an earlier one.
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
// A first repetition other than 0 continues an earlier run of the same cells (same seeds).
let first = args.count > 4 ? Int(args[4]) ?? 0 : 0
let csv = csvPath.flatMap { fopen($0, "a") }
for i in wanted {
    let cell = cells[i]
    var outcomes: [CoverageGrid.Outcome] = []
    for rep in first..<(first + reps) {
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
