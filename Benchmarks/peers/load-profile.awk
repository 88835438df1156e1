# Input: `perf script -F tid,ip,dso` lines of one load client's run (Benchmarks/peers/load.sh).
# Output: Markdown rows, per thread (the busiest thread outside SQLite is the probe loop, whichever
# engine it runs, the one busiest in SQLite the row writer) and per library, of microseconds of CPU per request.
# Variables: hz (perf's sampling frequency), requests, sonde (the binary's file name), client.
{
    tid = $1; dso = $NF; gsub(/[()]/, "", dso); n = split(dso, part, "/"); lib = part[n]
    if (lib ~ /kernel/) kind = "kernel"
    else if (lib ~ /^libcurl/) kind = "libcurl"
    else if (lib ~ /^libsqlite3/) kind = "sqlite"
    else if (lib ~ /^(libc\.so|ld-linux|\[vdso\]|libm\.so)/) kind = "libc"
    else if (lib ~ /^(libswift|libFoundation|lib_Foundation|libdispatch|libBlocksRuntime)/ || lib == sonde) kind = "swift"
    else kind = "other"
    count[tid, kind]++; total[tid]++; kinds[kind] = 1
    if (kind == "sqlite") sql[tid]++
}
END {
    for (t in total) {
        if (probe == "" || total[t] - sql[t] > total[probe] - sql[probe]) probe = t
        if (writer == "" || sql[t] > sql[writer]) writer = t
    }
    us = 1e6 / hz / requests
    split("kernel libcurl libc swift sqlite other", order, " ")
    for (t in total) {
        name = t == probe ? "probe loop" : (t == writer && sql[t] > 0) ? "row writer" : "other threads"
        for (k = 1; k <= 6; k++) cell[name, order[k]] += count[t, order[k]] * us
        sum[name] += total[t] * us
    }
    split("probe loop|row writer|other threads", names, "|")
    for (i = 1; i <= 3; i++) {
        if (!(names[i] in sum)) continue
        line = "| " client " | " names[i]
        for (k = 1; k <= 6; k++) line = line sprintf(" | %.1f", cell[names[i], order[k]])
        print line sprintf(" | %.1f |", sum[names[i]])
    }
}
