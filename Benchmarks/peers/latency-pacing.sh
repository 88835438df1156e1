#!/usr/bin/env bash
# Pacing of the latency probe at 5,000 attempts/s per provider (`interval: 200us`), 4 providers,
# warm connections, measured AT THE SERVER: `latency-receiver.c` (one epoll thread on 127.0.0.1)
# takes each request's kernel receive timestamp and subtracts the intended send time the client
# put in the request (sonde sends it with SONDE_INTENDED_HEADER set). In the same run, alternating
# with sonde round by round, `latency-pacer.c` keeps the same schedule with clock_nanosleep: the
# noise floor of these shared cores. Target: at most 1% of sonde's attempts arrive more than 1 ms
# late; sonde's peak RSS over SECONDS within 20 MB of a SHORT-second run.
#
# On a machine shared with other work, no pacer at an ordinary priority keeps a 50 µs schedule
# (4 providers x 200 µs) for long: as root, every measured process therefore runs SCHED_FIFO
# (`chrt -f`; clients 10, the receiver 20 so the server is never the bottleneck), sonde and the C
# pacer alike; without root, both run at the scripts' $PRIORITY. A short C pacer run at
# $PRIORITY (no real-time class) shows what the machine gives an ordinary process.
#
# CPU per attempt is reported twice: user + system time from /usr/bin/time (getrusage), and, when
# `perf stat` works here, its task-clock of the same run (the time the process's threads were
# scheduled in, as perf's software clock counts it). On this VM the two differ for sonde by more
# than for the pacer; both are printed rather than one picked.
#
#   Benchmarks/peers/latency-pacing.sh [SECONDS] [SHORT_SECONDS] [ROUNDS]   (default 60 10 2)
source "$(dirname "$0")/lib.sh"

SECONDS_LONG=${1:-60}
SECONDS_SHORT=${2:-10}
ROUNDS=${3:-2}
PROVIDERS=4
INTERVAL_NS=200000
HEADER=X-Sonde-Intended-Ns
LIMIT_KIB=19532 # 20 MB (10^6 bytes) in KiB
COMMAND="Benchmarks/peers/latency-pacing.sh $SECONDS_LONG $SECONDS_SHORT $ROUNDS"

ensure_packages sqlite3 time gcc
if [ -n "${SONDE_BIN:-}" ]; then SONDE=$SONDE_BIN; else build_release sonde; fi

work_dir pacing

gcc -O2 -Wall -o "$WORK/receiver" "$BENCH/peers/latency-receiver.c"
gcc -O2 -Wall -o "$WORK/pacer" "$BENCH/peers/latency-pacer.c"

# perf stat around /usr/bin/time (so that getrusage still sees only the measured process).
if perf stat -x, -e task-clock -o /dev/null -- true 2>/dev/null; then
    TASK_CLOCK=(perf stat -x, -e task-clock -o)
else
    TASK_CLOCK=()
fi
# task_clock NAME: the prefix that writes NAME's task-clock to $WORK/NAME.perf (nothing without perf).
task_clock() { if [ ${#TASK_CLOCK[@]} -gt 0 ]; then echo "${TASK_CLOCK[@]} $WORK/$1.perf --"; fi; }

if [ "$(id -u)" -eq 0 ] && chrt -f 10 true 2>/dev/null; then
    CLIENT_PRIORITY=(chrt -f 10)
    SERVER_PRIORITY=(chrt -f 20)
    PRIORITY_TEXT="SCHED_FIFO (chrt -f 10; receiver chrt -f 20)"
else
    CLIENT_PRIORITY=(${PRIORITY[@]+"${PRIORITY[@]}"})
    SERVER_PRIORITY=(${PRIORITY[@]+"${PRIORITY[@]}"})
    PRIORITY_TEXT="$PRIORITY_NOTE (no real-time class without root)"
fi

# start_receiver NAME: a fresh receiver; sets PORT and RECEIVER (its pid).
start_receiver() {
    rm -f "$WORK/$1.port"
    "${SERVER_PRIORITY[@]}" "$WORK/receiver" "$WORK/$1.port" "$WORK/$1.stats" &
    RECEIVER=$!
    PIDS+=("$RECEIVER")
    for _ in $(seq 100); do [ -s "$WORK/$1.port" ] && break; sleep 0.05; done
    PORT=$(cat "$WORK/$1.port")
}
stop_receiver() {
    kill -TERM "$RECEIVER"
    wait "$RECEIVER" 2>/dev/null || true
}
stat() { sed -n "s/^$2=//p" "$WORK/$1.stats"; }

# pacer_run NAME SECONDS PRIORITY...: the C pacer against a fresh receiver.
pacer_run() {
    local name=$1 seconds=$2
    shift 2
    start_receiver "$name"
    $(task_clock "$name") /usr/bin/time -f '%M %U %S %e' -o "$WORK/$name.time" "$@" "$WORK/pacer" "$PORT" "$INTERVAL_NS" "$PROVIDERS" "$seconds" > "$WORK/$name.out"
    stop_receiver
    log "$name: $(cat "$WORK/$name.out"); at the server: $(tr '\n' ' ' < "$WORK/$name.stats")"
}

# sonde_run NAME SECONDS: sonde's latency probe against a fresh receiver, under /usr/bin/time.
sonde_run() {
    local name=$1 seconds=$2 samples
    samples=$((seconds * 1000000000 / INTERVAL_NS))
    start_receiver "$name"
    {
        echo "providers:"
        for p in $(seq 0 $((PROVIDERS - 1))); do
            echo "  - { name: p$p, kind: centralized, region: loopback, endpoint: 'http://127.0.0.1:$PORT/p$p' }"
        done
        echo "probes:"
        echo "  latency: { interval: 200us, samples: $samples, reuse: true, timeout: 5s }"
    } > "$WORK/$name.yaml"
    rm -f "$WORK/$name.db"*
    SONDE_INTENDED_HEADER=$HEADER $(task_clock "$name") /usr/bin/time -f '%M %U %S %e' -o "$WORK/$name.time" \
        "${CLIENT_PRIORITY[@]}" "$SONDE" run -c "$WORK/$name.yaml" --db "$WORK/$name.db" > "$WORK/$name.log" 2>&1 \
        || die "sonde run failed: $(tail -3 "$WORK/$name.log")"
    stop_receiver
    local stored failed
    stored=$(sqlite3 "$WORK/$name.db" "SELECT count(*) FROM samples")
    failed=$(sqlite3 "$WORK/$name.db" "SELECT count(*) FROM samples WHERE error_class IS NOT NULL")
    [ "$stored" -eq $((samples * PROVIDERS)) ] || die "$name stored $stored of $((samples * PROVIDERS)) samples"
    # sonde's own view: sends more than 1 ms after their intended time.
    sqlite3 "$WORK/$name.db" "SELECT sum(started_ns - intended_ns > 1000000) FROM samples" > "$WORK/$name.sendlate"
    echo "$failed" > "$WORK/$name.failed"
    log "$name: $stored stored, $failed failed, time $(cat "$WORK/$name.time"); at the server: $(tr '\n' ' ' < "$WORK/$name.stats")"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "load average before: $LOAD_BEFORE; priority: $PRIORITY_TEXT"
pacer_run floor-ordinary "$SECONDS_SHORT" ${PRIORITY[@]+"${PRIORITY[@]}"}
for round in $(seq "$ROUNDS"); do
    # Alternate who goes first, so a drift in the machine's load falls on both.
    if [ $((round % 2)) -eq 1 ]; then
        pacer_run "pacer-$round" "$SECONDS_LONG" "${CLIENT_PRIORITY[@]}"
        sonde_run "sonde-$round" "$SECONDS_LONG"
    else
        sonde_run "sonde-$round" "$SECONDS_LONG"
        pacer_run "pacer-$round" "$SECONDS_LONG" "${CLIENT_PRIORITY[@]}"
    fi
    sonde_run "short-$round" "$SECONDS_SHORT"
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# Percent late per round, then the worst round (the target holds in every round or not at all).
late_pct() { calc "round(100 * $(stat "$1" late_1ms) / max(1, $(stat "$1" tagged)), 3)"; }
worst() { local name=$1 value best=""; for round in $(seq "$ROUNDS"); do value=$(late_pct "$name-$round"); best=$(calc "max(${best:-0}, $value)"); done; echo "$best"; }
each() { local out=""; for round in $(seq "$ROUNDS"); do out+="${out:+, }$($1 "$2-$round")"; done; echo "$out"; }
p99() { stat "$1" p99_us; }
rss() { cut -d' ' -f1 "$WORK/$1.time"; }
cpu_us() { awk -v n="$2" '{printf "%.1f", ($2 + $3) / n * 1e6}' "$WORK/$1.time"; }
# task-clock is in milliseconds.
clock_us() { awk -F, -v n="$2" '/task-clock/ {printf "%.1f", $1 / n * 1e3}' "$WORK/$1.perf"; }
SONDE_WORST=$(worst sonde)
PACER_WORST=$(worst pacer)
RSS_LONG=0; RSS_SHORT=0
for round in $(seq "$ROUNDS"); do
    RSS_LONG=$(calc "max($RSS_LONG, $(rss "sonde-$round"))")
    RSS_SHORT=$(calc "max($RSS_SHORT, $(rss "short-$round"))")
done
ATTEMPTS=$((SECONDS_LONG * 1000000000 / INTERVAL_NS * PROVIDERS))

row "latency pacing: attempts arriving at the server > 1 ms after their intended send, 4 providers x 5000/s, warm connections, ${SECONDS_LONG} s, worst of $ROUNDS rounds (per round: sonde $(each late_pct sonde) %; pacer $(each late_pct pacer) %) (peer: C clock_nanosleep pacer, same schedule, same receiver)" \
    "$SONDE_WORST %" "$PACER_WORST %" "$(calc "f'{$SONDE_WORST - $PACER_WORST:+.3f} points'")" "≤ 1%" \
    "$(calc "'meets' if $SONDE_WORST <= 1 else 'MISSES'")" "$COMMAND"
row "latency pacing: p99 (p99.9) arrival delay at the server, same runs, round 1 (peer: the same C pacer)" \
    "$(p99 sonde-1) ($(stat sonde-1 p999_us)) µs" "$(p99 pacer-1) ($(stat pacer-1 p999_us)) µs" "—" "—" "—" "$COMMAND"
row "latency pacing: sonde's peak RSS over ${SECONDS_LONG} s (baseline: ${SECONDS_SHORT} s; highest of $ROUNDS each)" \
    "$(calc "f'{$RSS_LONG * 1024 / 1e6:.1f} MB'")" "$(calc "f'{$RSS_SHORT * 1024 / 1e6:.1f} MB'")" \
    "$(calc "f'{($RSS_LONG - $RSS_SHORT) * 1024 / 1e6:+.1f} MB'")" "within 20 MB" \
    "$(calc "'flat' if $RSS_LONG - $RSS_SHORT <= $LIMIT_KIB else 'GROWS'")" "$COMMAND"
CPU_EACH=""; PACER_CPU_EACH=""
for round in $(seq "$ROUNDS"); do
    CPU_EACH+="${CPU_EACH:+, }$(cpu_us "sonde-$round" "$ATTEMPTS")"
    PACER_CPU_EACH+="${PACER_CPU_EACH:+, }$(cpu_us "pacer-$round" "$ATTEMPTS")"
done
row "latency pacing: CPU µs per attempt (user + system of the whole process; sonde's includes its writer thread and SQLite storing every attempt), ${SECONDS_LONG} s runs, per round (peer: the C pacer, which stores nothing)" \
    "$CPU_EACH µs" "$PACER_CPU_EACH µs" "—" "—" "—" "$COMMAND"
if [ ${#TASK_CLOCK[@]} -gt 0 ]; then
    CLOCK_EACH=""; PACER_CLOCK_EACH=""
    for round in $(seq "$ROUNDS"); do
        CLOCK_EACH+="${CLOCK_EACH:+, }$(clock_us "sonde-$round" "$ATTEMPTS")"
        PACER_CLOCK_EACH+="${PACER_CLOCK_EACH:+, }$(clock_us "pacer-$round" "$ATTEMPTS")"
    done
    row "latency pacing: CPU µs per attempt as perf stat's task-clock counts it, the same runs, per round (peer: the same C pacer)" \
        "$CLOCK_EACH µs" "$PACER_CLOCK_EACH µs" "—" "—" "—" "$COMMAND"
fi
note "Latency pacing: \`sonde run\` with 4 providers at \`interval: 200us\` (offset 50 µs from each other), \`reuse: true\`, release build, against \`Benchmarks/peers/latency-receiver.c\` on 127.0.0.1, a fresh receiver per run; SONDE_INTENDED_HEADER=$HEADER makes sonde put each attempt's intended send time in a header, and the receiver subtracts it from the kernel's receive timestamp of the request (SO_TIMESTAMPNS, CLOCK_REALTIME; both sides build intended times as the wall clock read once plus monotonic time, and the receiver checks that CLOCK_REALTIME did not step against CLOCK_MONOTONIC: drift $(stat sonde-1 clock_offset_drift_ns) ns in round 1). Peer: \`Benchmarks/peers/latency-pacer.c\`, one C thread, clock_nanosleep(TIMER_ABSTIME) to each intended time, the same 4 schedules over keep-alive connections, a new connection when none of a provider's is free. Rounds alternate who goes first. Priority: $PRIORITY_TEXT. The same C pacer for ${SECONDS_SHORT} s at $PRIORITY_NOTE without a real-time class: $(late_pct floor-ordinary) % late (p99 $(p99 floor-ordinary) µs), what this shared machine gives an ordinary process. sonde's own record of the same runs (started_ns - intended_ns > 1 ms): $(for r in $(seq "$ROUNDS"); do printf '%s ' "$(cat "$WORK/sonde-$r.sendlate")"; done)of $ATTEMPTS per round; failed attempts: $(for r in $(seq "$ROUNDS"); do printf '%s ' "$(cat "$WORK/sonde-$r.failed")"; done)per round. Load average $LOAD_BEFORE before, $LOAD_AFTER after."
