#!/usr/bin/env bash
# make perf: runs every section below and writes reports/performance.md, one table of every
# figure with the command that produced it, the date and the machine.
#
# To add figures, write a script that prints ROW and NOTE lines (format in peers/lib.sh; its
# progress goes to stderr) and add it to SECTIONS. A section that fails is reported as such in
# the table, the others still run, and perf.sh exits non-zero.
#
#   Benchmarks/perf.sh [OUTPUT]     (default reports/performance.md)
source "$(dirname "$0")/peers/lib.sh"

SECTIONS=(
    "Benchmarks/bench.sh figures"
    "Benchmarks/peers/probe-accuracy.sh"
    "Benchmarks/peers/ingest.sh"
    "Benchmarks/peers/ingest-pg.sh"
    "Benchmarks/peers/samples-export.sh"
    "Benchmarks/peers/many-runs.sh"
    "Benchmarks/peers/memory.sh"
    "Benchmarks/peers/latency-pacing.sh"
    "Benchmarks/peers/load.sh"
    "Benchmarks/peers/variance-speed.sh 1000000 2000"
    "Benchmarks/peers/report-scale.sh 1000000"
    "Benchmarks/peers/history-scale.sh 864 3000000 1"
)
# Scripts whose figures need more than one table (load.sh) write Markdown fragments here, which
# are appended to the report after the main table.
FRAGMENTS="$ROOT/reports/perf"
OUTPUT=${1:-$ROOT/reports/performance.md}

cd "$ROOT"
WORK=$(mktemp -d /tmp/sonde-perf.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

started=$(date -u '+%Y-%m-%d %H:%M UTC')
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
ensure_packages
build_release sonde sonde-ingest

failed=0
index=0
for section in "${SECTIONS[@]}"; do
    index=$((index + 1))
    log "section $index/${#SECTIONS[@]}: $section"
    begin=$SECONDS
    status=0
    # shellcheck disable=SC2086 # a section is a command line
    $section > "$WORK/$index.tsv" || status=$?
    if [ "$status" -ne 0 ]; then
        failed=1
        printf 'ROW\t%s\t—\t—\t—\t—\tFAILED (exit %s)\t%s\n' "section failed: $section" "$status" "$section" >> "$WORK/$index.tsv"
    fi
    log "section $index took $((SECONDS - begin)) s (exit $status)"
done

cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
memory_gib=$(awk '/^MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)
python3 - "$WORK" "$OUTPUT" <<EOF
import glob, os, sys
work, output = sys.argv[1], sys.argv[2]
rows, notes = [], []
for path in sorted(glob.glob(os.path.join(work, "*.tsv")), key=lambda p: int(os.path.basename(p).split(".")[0])):
    for line in open(path, encoding="utf-8"):
        fields = line.rstrip("\n").split("\t")
        if fields[0] == "ROW" and len(fields) == 8:
            rows.append(fields[1:])
        elif fields[0] == "NOTE" and len(fields) == 2:
            notes.append(fields[1])
cell = lambda text: text.replace("|", "\\\\|")
code = lambda text: "\`" + text + "\`"
out = [
    "# sonde performance",
    "",
    "Every figure below comes from the command in its row; \`make perf\` (Benchmarks/perf.sh) reruns them all",
    "and rewrites this file. Speed claims are ratios against a peer measured in the same run; the suite",
    "rows (ordo-one/package-benchmark, \`make bench\`) are absolute and only as good as the machine.",
    "",
    "- Date: $started (took $((SECONDS / 60)) min $((SECONDS % 60)) s)",
    "- Machine: $(nproc) cores, $cpu_model, $memory_gib GiB memory, Linux $(uname -r)",
    "- Load average (1, 5, 15 min): $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after: other work shares this machine",
    "- Toolchain: $("$SWIFT" --version 2>/dev/null | head -1), SQLite $(sqlite3 --version | cut -d' ' -f1), $(curl --version | head -1 | cut -d' ' -f1-2)",
    "",
    "| figure | sonde | peer | ratio | target | verdict | command |",
    "|---|--:|--:|--:|---|---|---|",
]
for figure, sonde, peer, ratio, target, verdict, command in rows:
    out.append("| " + " | ".join([cell(figure), cell(sonde), cell(peer), cell(ratio), cell(target), cell(verdict), code(command)]) + " |")
out += ["", "## What each figure measures", ""]
out += ["- " + note for note in notes]
out += ["- Suite rows: p50 (p90) of each benchmark in Benchmarks/SondeBenchmarks, per iteration as its name says; the verdict is \`Benchmarks/bench.sh\`'s check of that run against Benchmarks/Thresholds (p90 may grow 4x in time, 15% in allocations)."]
open(output, "w", encoding="utf-8").write("\n".join(out) + "\n")
EOF
for fragment in "$FRAGMENTS"/*.md; do
    [ -f "$fragment" ] && { printf '\n'; cat "$fragment"; } >> "$OUTPUT"
done
log "wrote ${OUTPUT#"$ROOT"/}"
exit $failed
