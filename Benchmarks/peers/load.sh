#!/usr/bin/env bash
# sonde's load and bandwidth probes against real peers on loopback nginx, in one run:
#   - maximum requests/s: `sonde` load (rate: max, closed loop, every request stored as a row)
#     vs wrk and hey, same connection count, same small file;
#   - bandwidth of a 1 GiB file: sonde's bandwidth probe vs `curl -o /dev/null -w '%{speed_download}'`.
# Installs wrk, hey and nginx-light when missing; nginx runs on 127.0.0.1 with one worker and
# a temporary configuration, and is stopped at exit. Every run is bounded (DURATION seconds).
# Prints the figures and writes them to reports/perf/load.md (a fragment for reports/performance.md),
# with a per-thread, per-library CPU profile of sonde and of the bare libcurl loop when perf works.
# sonde runs with its default engine (native for this http:// target) and once more per round with
# `engine: curl`, for comparison.
#
# Usage: Benchmarks/peers/load.sh            (env: DURATION=10 CONNECTIONS=32 ROUNDS=3 PORT=18080
#                                             SONDE=path/to/release/sonde WRK_THREADS=2)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-18080}
WRK_THREADS=${WRK_THREADS:-2}
OUT=${OUT:-reports/perf/load.md}
SHAPED_MB=${SHAPED_MB:-200}

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v hey >/dev/null || need+=(hey)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v curl >/dev/null || need+=(curl)
command -v sqlite3 >/dev/null || need+=(sqlite3)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
    echo "installing ${need[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${need[@]}" >/dev/null; }
fi
# perf only adds the CPU profile below; a machine without it still runs every race.
if ! command -v perf >/dev/null; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq linux-perf >/dev/null 2>&1 || echo "perf unavailable: no CPU profile" >&2
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
# On a machine shared with other work (builds, tests), a client at an ordinary priority measures
# the queue for a core more than itself. As root (unless REALTIME=0), nginx and every client run
# SCHED_FIFO, nginx above the clients so the server is never the one kept waiting; all clients
# alike, so the ratios stay fair.
RT_SERVER=(); RT_CLIENT=(); PRIORITY_TEXT="default priority"
if [ "${REALTIME:-1}" = 1 ] && [ "$(id -u)" -eq 0 ] && chrt -f 10 true 2>/dev/null; then
    RT_SERVER=(chrt -f 20); RT_CLIENT=(chrt -f 10)
    PRIORITY_TEXT="SCHED_FIFO (clients chrt -f 10, nginx chrt -f 20)"
fi

if [ -z "${SONDE:-}" ]; then
    # A scratch path of its own: a release build into .build would throw away the debug build.
    swift build -c release --product sonde --scratch-path "$ROOT/.build-release" >&2
    SONDE=$ROOT/.build-release/release/sonde
fi

WORK=$(mktemp -d /tmp/sonde-peers.XXXXXX)
cleanup() {
    [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK/www" "$WORK/tmp" "$WORK/logs"
chmod 755 "$WORK"    # nginx's worker runs as nobody; mktemp makes the folder private
head -c 612 /dev/zero | tr '\0' 'x' > "$WORK/www/small.html"   # the size of nginx's welcome page
truncate -s 1G "$WORK/www/big.bin"                              # sparse: served from the page cache
cat > "$WORK/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000000;
  keepalive_timeout 120s;
  client_body_temp_path $WORK/tmp; proxy_temp_path $WORK/tmp; fastcgi_temp_path $WORK/tmp;
  uwsgi_temp_path $WORK/tmp; scgi_temp_path $WORK/tmp;
  server {
    listen 127.0.0.1:$PORT; root $WORK/www;
    # A shaped link: the client is no longer the bottleneck, so this compares what both measure.
    location /shaped/ { alias $WORK/www/; limit_rate ${SHAPED_MB}m; }
  }
}
CONF
${RT_SERVER[@]+"${RT_SERVER[@]}"} "$NGINX" -c "$WORK/nginx.conf" -p "$WORK"
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/small.html" && break; sleep 0.1; done
curl -sf -o /dev/null "http://127.0.0.1:$PORT/small.html" || { echo "nginx does not serve the test file" >&2; exit 1; }
SMALL="http://127.0.0.1:$PORT/small.html"
BIG="http://127.0.0.1:$PORT/big.bin"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

FLOOR=$WORK/curl-multi-floor
cc -O2 -o "$FLOOR" Benchmarks/peers/curl-multi-floor.c -lcurl
# CPU seconds (user + system) a client spent, appended to $WORK/cpu-NAME: with other processes on
# the cores, CPU time per request moves far less than requests per second.
timed() { local name=$1; shift; /usr/bin/time -f "%U %S" -o "$WORK/time.txt" ${RT_CLIENT[@]+"${RT_CLIENT[@]}"} "$@"; awk '{print $1 + $2}' "$WORK/time.txt" >> "$WORK/cpu-$name"; }
run_floor() { timed floor "$FLOOR" "$SMALL" "$CONNECTIONS" "$DURATION"; }
run_wrk() { timed wrk wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" "$SMALL" | awk '/Requests\/sec/ {print $2}'; }
run_hey() { timed hey hey -c "$CONNECTIONS" -z "${DURATION}s" "$SMALL" | awk '/Requests\/sec/ {print $2}'; }
# run_sonde NAME STORE_CAP [ENGINE]: one sonde load run; NAME files its CPU time. With STORE_CAP 0 it
# stores no row (only the per-interval histograms): the difference is what storing every row costs.
# ENGINE sets probes.load.engine; without it sonde's default (auto: native for this http:// target).
run_sonde() {
    local name=$1 cap=$2 engine=${3:+, engine: $3} dir; dir=$(mktemp -d "$WORK/sonde.XXXX")
    cat > "$dir/sonde.yaml" <<YAML
providers:
  - { name: nginx, kind: centralized, region: loopback, endpoint: "$SMALL" }
probes:
  load: { rate: max, duration: ${DURATION}s, connections: $CONNECTIONS, store_cap: $cap, timeout: 10s$engine }
YAML
    timed "$name" "$SONDE" run -c "$dir/sonde.yaml" --db "$dir/run.db" > "$dir/out.txt" 2>&1
    local rows ok
    rows=$(sqlite3 "$dir/run.db" "SELECT count(*) FROM samples WHERE probe = 'load'")
    ok=$(sqlite3 "$dir/run.db" "SELECT coalesce(sum(ok), 0) FROM load_histograms")
    # Every successful request is a row (no cap in this race): rows >= ok.
    if [ "$cap" -gt 0 ]; then
        [ "$rows" -ge "$ok" ] || { echo "sonde stored $rows rows for $ok requests" >&2; exit 1; }
        echo "$rows" > "$WORK/sonde-rows.txt"
    else
        [ "$rows" -eq 0 ] || { echo "sonde stored $rows rows with store_cap 0" >&2; exit 1; }
    fi
    echo "$ok $DURATION" | awk '{printf "%.1f\n", $1 / $2}'
    rm -rf "$dir"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "load race: $CONNECTIONS connections, ${DURATION}s, $ROUNDS rounds, nginx 1 worker on 127.0.0.1:$PORT" >&2
wrk_rates=(); hey_rates=(); sonde_rates=(); floor_rates=(); nostore_rates=(); curl_engine_rates=()
for round in $(seq "$ROUNDS"); do
    wrk_rates+=("$(run_wrk)"); hey_rates+=("$(run_hey)"); sonde_rates+=("$(run_sonde sonde 2000000000)")
    floor_rates+=("$(run_floor)"); nostore_rates+=("$(run_sonde nostore 0)")
    curl_engine_rates+=("$(run_sonde curlengine 2000000000 curl)")
    echo "round $round: wrk ${wrk_rates[-1]}  hey ${hey_rates[-1]}  sonde ${sonde_rates[-1]}  bare libcurl-multi ${floor_rates[-1]}  sonde storing nothing ${nostore_rates[-1]}  sonde libcurl engine ${curl_engine_rates[-1]} req/s" >&2
done
# Ratios per round (the peers ran back to back), then their medians: the machine's load drifts.
ratio() { paste -d' ' <(printf '%s\n' "${sonde_rates[@]}") <(printf '%s\n' "$@") | awk '{printf "%.3f\n", $1 / $2}' | median; }
VS_WRK=$(ratio "${wrk_rates[@]}")
VS_HEY=$(ratio "${hey_rates[@]}")
VS_FLOOR=$(ratio "${floor_rates[@]}")
VS_NOSTORE=$(ratio "${nostore_rates[@]}")
VS_CURL_ENGINE=$(ratio "${curl_engine_rates[@]}")
CURL_ENGINE_RATE=$(printf '%s\n' "${curl_engine_rates[@]}" | median)
CURL_ENGINE_WRK=$(paste -d' ' <(printf '%s\n' "${curl_engine_rates[@]}") <(printf '%s\n' "${wrk_rates[@]}") | awk '{printf "%.3f\n", $1 / $2}' | median)
NOSTORE_RATE=$(printf '%s\n' "${nostore_rates[@]}" | median)
NOSTORE_FLOOR=$(paste -d' ' <(printf '%s\n' "${nostore_rates[@]}") <(printf '%s\n' "${floor_rates[@]}") | awk '{printf "%.3f\n", $1 / $2}' | median)
FLOOR_RATE=$(printf '%s\n' "${floor_rates[@]}" | median)
# Microseconds of client CPU per request, per round (req/s x duration requests), then medians.
cpu_per_request() { paste -d' ' "$WORK/cpu-$1" <(printf '%s\n' "${@:2}") | awk -v d="$DURATION" '{printf "%.1f\n", $1 / ($2 * d) * 1e6}' | median; }
CPU_WRK=$(cpu_per_request wrk "${wrk_rates[@]}")
CPU_HEY=$(cpu_per_request hey "${hey_rates[@]}")
CPU_FLOOR=$(cpu_per_request floor "${floor_rates[@]}")
CPU_SONDE=$(cpu_per_request sonde "${sonde_rates[@]}")
CPU_NOSTORE=$(cpu_per_request nostore "${nostore_rates[@]}")
CPU_CURL_ENGINE=$(cpu_per_request curlengine "${curl_engine_rates[@]}")
FLOOR_WRK=$(paste -d' ' <(printf '%s\n' "${floor_rates[@]}") <(printf '%s\n' "${wrk_rates[@]}") | awk '{printf "%.3f\n", $1 / $2}' | median)
WRK=$(printf '%s\n' "${wrk_rates[@]}" | median)
HEY=$(printf '%s\n' "${hey_rates[@]}" | median)
SONDE_RATE=$(printf '%s\n' "${sonde_rates[@]}" | median)
ROWS=$(cat "$WORK/sonde-rows.txt")

echo "bandwidth: 1 GiB file, $ROUNDS transfers each" >&2
dir=$(mktemp -d "$WORK/bw.XXXX")
# Alternates curl and sonde on the 1 GiB file at `$1` (a path), ROUNDS each; sets CURL_BW,
# SONDE_BW_TOTAL (bytes / total, as curl computes it), SONDE_BW (as reported) and BW_RATIO.
compare_bandwidth() {
    local curl_speeds=() sonde_totals=() sonde_speeds=()
    cat > "$dir/sonde.yaml" <<YAML
providers:
  - { name: nginx, kind: centralized, region: loopback, endpoint: "http://127.0.0.1:$PORT/" }
probes:
  bandwidth: { path: $1, repeats: 1, timeout: 120s }
YAML
    for round in $(seq "$ROUNDS"); do
        curl_speeds+=("$(curl -s -o /dev/null -w '%{speed_download}' "http://127.0.0.1:$PORT$1")")
        rm -f "$dir"/run.db*
        "$SONDE" run -c "$dir/sonde.yaml" --db "$dir/run.db" > /dev/null 2>&1
        sonde_totals+=("$(sqlite3 "$dir/run.db" "SELECT bytes * 1e6 / total_us FROM samples WHERE probe = 'bandwidth' AND error_class IS NULL")")
        sonde_speeds+=("$(sqlite3 "$dir/run.db" "SELECT bytes * 1e6 / (total_us - ttfb_us) FROM samples WHERE probe = 'bandwidth' AND error_class IS NULL")")
        echo "$1 round $round: curl ${curl_speeds[-1]}  sonde ${sonde_totals[-1]} B/s" >&2
    done
    CURL_BW=$(printf '%s\n' "${curl_speeds[@]}" | median)
    SONDE_BW_TOTAL=$(printf '%s\n' "${sonde_totals[@]}" | median)
    SONDE_BW=$(printf '%s\n' "${sonde_speeds[@]}" | median)
    BW_RATIO=$(paste -d' ' <(printf '%s\n' "${sonde_totals[@]}") <(printf '%s\n' "${curl_speeds[@]}") | awk '{printf "%.3f\n", $1 / $2}' | median)
}
compare_bandwidth /shaped/big.bin
S_CURL=$CURL_BW; S_SONDE_TOTAL=$SONDE_BW_TOTAL; S_SONDE=$SONDE_BW; S_RATIO=$BW_RATIO
compare_bandwidth /big.bin
echo "memory: open-loop 5000/s for ${DURATION}s and $((DURATION * 4))s, store_cap 1000" >&2
max_rss() {
    local d=$1 mdir; mdir=$(mktemp -d "$WORK/mem.XXXX")
    cat > "$mdir/sonde.yaml" <<YAML
providers:
  - { name: nginx, kind: centralized, region: loopback, endpoint: "$SMALL" }
probes:
  load: { rate: 5000/s, duration: ${d}s, connections: $CONNECTIONS, store_cap: 1000 }
YAML
    /usr/bin/time -f "%M" -o "$mdir/rss" "$SONDE" run -c "$mdir/sonde.yaml" --db "$mdir/run.db" > /dev/null 2>&1
    echo "$(cat "$mdir/rss") $(sqlite3 "$mdir/run.db" "SELECT sum(ok) FROM load_histograms")"
}
# Where the CPU of one sonde run (every row stored) and one bare libcurl run goes, per thread and
# library, from `perf record` samples (skipped when perf cannot record here, e.g. in a container
# without perf_event access). Sets PROFILE to the table's rows, or to an empty string.
PROFILE=""
PROFILE_HZ=999
# profile_client KEY LABEL REQUESTS: the table rows of $WORK/perf-KEY.data.
profile_client() {
    local name=$2 requests=$3 data=$WORK/perf-$1.data
    perf script -i "$data" -F tid,ip,dso 2>/dev/null |
        awk -v hz="$PROFILE_HZ" -v requests="$requests" -v sonde="$(basename "$SONDE")" -v client="$name" \
            -f "$ROOT/Benchmarks/peers/load-profile.awk"
}
if command -v perf >/dev/null && perf record -q -o "$WORK/perf-check.data" -- true >/dev/null 2>&1; then
    echo "profile: perf record of one sonde run and one bare libcurl run" >&2
    pdir=$(mktemp -d "$WORK/profile.XXXX")
    cat > "$pdir/sonde.yaml" <<YAML
providers:
  - { name: nginx, kind: centralized, region: loopback, endpoint: "$SMALL" }
probes:
  load: { rate: max, duration: ${DURATION}s, connections: $CONNECTIONS, store_cap: 2000000000, timeout: 10s }
YAML
    perf record -q -F "$PROFILE_HZ" -o "$WORK/perf-sonde.data" -- "$SONDE" run -c "$pdir/sonde.yaml" --db "$pdir/run.db" > /dev/null 2>&1
    sonde_requests=$(sqlite3 "$pdir/run.db" "SELECT sum(ok) FROM load_histograms")
    floor_rate=$(perf record -q -F "$PROFILE_HZ" -o "$WORK/perf-floor.data" -- "$FLOOR" "$SMALL" "$CONNECTIONS" "$DURATION" 2>/dev/null)
    floor_requests=$(awk -v r="$floor_rate" -v d="$DURATION" 'BEGIN {printf "%.0f", r * d}')
    PROFILE="$(profile_client sonde sonde "$sonde_requests")
$(profile_client floor "bare libcurl" "$floor_requests")"
fi
read -r RSS_SHORT REQ_SHORT <<< "$(max_rss "$DURATION")"
read -r RSS_LONG REQ_LONG <<< "$(max_rss $((DURATION * 4)))"
verdict() { awk -v x="$1" -v t="$2" 'BEGIN {print (x >= t ? "met" : "not met")}'; }
mib() { awk -v b="$1" 'BEGIN {printf "%.0f", b / 1048576}'; }

{
    echo "## Load and bandwidth vs peers (loopback nginx)"
    echo
    echo "Produced by \`Benchmarks/peers/load.sh\` (DURATION=$DURATION CONNECTIONS=$CONNECTIONS ROUNDS=$ROUNDS) on $(nproc) cores,"
    echo "$(date -u +%Y-%m-%d); nginx $("$NGINX" -v 2>&1 | sed 's|.*/||'), one worker, a 612-byte file; medians of $ROUNDS rounds."
    echo "sonde: \`probes.load: { rate: max, connections: $CONNECTIONS }\`, release build, every request stored as a row"
    echo "($ROWS rows in the last round)."
    echo "Load average before the run: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg) (other processes share these cores: compare ratios, not absolutes)."
    echo "Priority of nginx and every client in the race: $PRIORITY_TEXT."
    echo
    echo "| client | connections | req/s | sonde ÷ client (req/s) | client CPU µs per request |"
    echo "|---|--:|--:|--:|--:|"
    echo "| wrk (-t$WRK_THREADS) | $CONNECTIONS | $WRK | $VS_WRK | $CPU_WRK |"
    echo "| hey | $CONNECTIONS | $HEY | $VS_HEY | $CPU_HEY |"
    echo "| bare libcurl-multi loop, records nothing (\`curl-multi-floor.c\`) | $CONNECTIONS | $FLOOR_RATE | $VS_FLOOR | $CPU_FLOOR |"
    echo "| sonde load, stores no row (\`store_cap: 0\`, interval histograms only) | $CONNECTIONS | $NOSTORE_RATE | $VS_NOSTORE | $CPU_NOSTORE |"
    echo "| sonde load, libcurl engine (\`engine: curl\`, stores every request) | $CONNECTIONS | $CURL_ENGINE_RATE | $VS_CURL_ENGINE | $CPU_CURL_ENGINE |"
    echo "| sonde load, default engine (native for http://; stores every request) | $CONNECTIONS | $SONDE_RATE | 1.00 | $CPU_SONDE |"
    echo
    echo "Issue #4's targets, every request stored: sonde ÷ wrk ≥ 0.7, here $VS_WRK ($(verdict "$VS_WRK" 0.7));"
    echo "sonde ÷ hey ≥ 1.1, here $VS_HEY ($(verdict "$VS_HEY" 1.1)). Issue 17's target, every request stored, same"
    echo "connection count: sonde ÷ wrk ≥ 1.0, here $VS_WRK ($(verdict "$VS_WRK" 1.0))."
    echo
    echo "Ratios are medians of per-round ratios. sonde's default engine here is its own HTTP/1.1 client on epoll"
    echo "(\`engine: auto\` picks it for plain http://): keep-alive connections, the request built once, a minimal"
    echo "response parser. The libcurl engine (\`engine: curl\`, still used for https://) reaches ×$CURL_ENGINE_WRK of wrk"
    echo "with every row stored; the bare libcurl loop, which records nothing, ×$FLOOR_WRK: libcurl's own ceiling,"
    echo "which the native engine is not bound by (sonde ÷ bare libcurl loop: $VS_FLOOR)."
    echo "CPU per request (user + system time of the client process ÷ requests) is the steadier measure when other"
    echo "processes share the cores: sonde $CPU_SONDE µs with every row stored, $CPU_NOSTORE µs storing none (its loop,"
    echo "parser and histograms), against wrk's $CPU_WRK and the libcurl engine's $CPU_CURL_ENGINE."
    if [ -n "$PROFILE" ]; then
        echo
        echo "CPU µs per request by thread and library: one more run of each under \`perf record -F $PROFILE_HZ\`"
        echo "(samples ÷ $PROFILE_HZ ÷ requests; perf slows both a little). \"swift\" is sonde's own code with the"
        echo "Swift runtime and Foundation; \"libc\" includes malloc and the vDSO clock."
        echo
        echo "| client | thread | kernel | libcurl | libc | swift | SQLite | other | total |"
        echo "|---|---|--:|--:|--:|--:|--:|--:|--:|"
        echo "$PROFILE"
    fi
    echo
    echo "1 GiB download, curl and sonde alternating, $ROUNDS each; ratio = median of per-round ratios. Shaped:"
    echo "nginx \`limit_rate ${SHAPED_MB}m\` (the link, not the client, sets the rate: this checks what both measure)."
    echo "Unshaped: loopback, where each client's own receive loop is the bottleneck and CPU contention moves it."
    echo
    echo "| 1 GiB download | curl \`%{speed_download}\` MiB/s | sonde bytes / total MiB/s | sonde ÷ curl | sonde as reported (excl. TTFB) MiB/s |"
    echo "|---|--:|--:|--:|--:|"
    echo "| shaped (nginx \`limit_rate ${SHAPED_MB}m\`) | $(mib "$S_CURL") | $(mib "$S_SONDE_TOTAL") | $S_RATIO | $(mib "$S_SONDE") |"
    echo "| unshaped | $(mib "$CURL_BW") | $(mib "$SONDE_BW_TOTAL") | $BW_RATIO | $(mib "$SONDE_BW") |"
    echo
    echo "Memory of an open-loop load run (5000/s, store_cap 1000, per-second HDR intervals): max RSS"
    echo "$((RSS_SHORT / 1024)) MiB after $REQ_SHORT requests (${DURATION}s), $((RSS_LONG / 1024)) MiB after $REQ_LONG requests ($((DURATION * 4))s)."
} > "$OUT"
cat "$OUT"
