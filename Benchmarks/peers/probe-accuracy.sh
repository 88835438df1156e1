#!/usr/bin/env bash
# Probe accuracy: the same loopback nginx URL timed by sonde, by `curl -w '%{time_total}'` and by
# prometheus-blackbox-exporter (the sum of its probe_http_duration_seconds phases), every attempt
# on a fresh connection for all three, 20 ms apart, from a warm process. The three take turns in
# short rounds so that the machine's background load falls on all of them alike. Medians should
# agree within 5% or 50 µs. Warm connections too: sonde with `reuse: true` (its native engine for
# plain http://) against one curl process that keeps its connection across transfers.
#
#   Benchmarks/peers/probe-accuracy.sh [ROUNDS] [PER_ROUND]    (default 20 rounds of 25 = 500 each)
source "$(dirname "$0")/lib.sh"

ROUNDS=${1:-20}
PER_ROUND=${2:-25}
COMMAND="Benchmarks/peers/probe-accuracy.sh $ROUNDS $PER_ROUND"

ensure_packages nginx-light prometheus-blackbox-exporter curl sqlite3
build_release sonde

work_dir accuracy

# nginx on 127.0.0.1 serving a 512-byte file, access log off (lib.sh).
start_nginx "$WORK"
URL=$NGINX_URL

# blackbox exporter with one HTTP module; it opens a new connection for every probe.
BLACKBOX_PORT=$(free_port)
cat > "$WORK/blackbox.yml" <<EOF
modules:
  http_fresh:
    prober: http
    timeout: 5s
    http:
      method: GET
      preferred_ip_protocol: ip4
      valid_status_codes: [200]
EOF
${PRIORITY[@]+"${PRIORITY[@]}"} prometheus-blackbox-exporter --config.file="$WORK/blackbox.yml" \
    --web.listen-address="127.0.0.1:$BLACKBOX_PORT" --log.level=warn 2>>"$WORK/blackbox.log" &
PIDS+=($!)
BLACKBOX="http://127.0.0.1:$BLACKBOX_PORT/probe?module=http_fresh&target=$URL"
wait_for_http "http://127.0.0.1:$BLACKBOX_PORT/metrics"

cat > "$WORK/sonde.yaml" <<EOF
providers:
  - name: nginx
    kind: centralized
    endpoint: '$URL'
probes:
  latency: { interval: 20ms, samples: $PER_ROUND, reuse: false }
EOF
sed 's/reuse: false/reuse: true/' "$WORK/sonde.yaml" > "$WORK/sonde-warm.yaml"
: > "$WORK/curl-warm.txt"

: > "$WORK/curl.txt"
: > "$WORK/blackbox.txt"
# One curl process per round, paced by --rate like sonde's schedule. `Connection: close` makes
# nginx close each connection, so every transfer opens a new one (checked: num_connects is 1);
# a new process per attempt would also time cold code paths and lazy symbol binding. Bodies go
# to stdout, opened once: `-o /dev/null` would open the file inside every transfer's timing.
CURL_ARGS=()
for _ in $(seq 1 "$PER_ROUND"); do CURL_ARGS+=("$URL"); done
for round in $(seq 1 "$ROUNDS"); do
    log "round $round/$ROUNDS: $PER_ROUND attempts each by sonde, curl and blackbox-exporter"
    ${PRIORITY[@]+"${PRIORITY[@]}"} "$SONDE" run -c "$WORK/sonde.yaml" --db "$WORK/sonde.db" >/dev/null 2>>"$WORK/sonde.log"
    ${PRIORITY[@]+"${PRIORITY[@]}"} curl -s --rate 50/s -H 'Connection: close' \
        -w '%{stderr}%{num_connects} %{time_total}\n' "${CURL_ARGS[@]}" 2>> "$WORK/curl.txt" >/dev/null
    ${PRIORITY[@]+"${PRIORITY[@]}"} "$SONDE" run -c "$WORK/sonde-warm.yaml" --db "$WORK/sonde-warm.db" >/dev/null 2>>"$WORK/sonde.log"
    ${PRIORITY[@]+"${PRIORITY[@]}"} curl -s --rate 50/s \
        -w '%{stderr}%{num_connects} %{time_total}\n' "${CURL_ARGS[@]}" 2>> "$WORK/curl-warm.txt" >/dev/null
    # The exporter's own phases (resolve, connect, tls, processing, transfer) add up to its
    # HTTP time; probe_duration_seconds would add the exporter's setup around the request.
    python3 - "$BLACKBOX" "$PER_ROUND" >> "$WORK/blackbox.txt" <<'EOF'
import re, sys, time, urllib.request
url, count = sys.argv[1], int(sys.argv[2])
phase = re.compile(r'^probe_http_duration_seconds\{phase="([a-z]+)"\} (\S+)$', re.M)
for _ in range(count):
    body = urllib.request.urlopen(url, timeout=10).read().decode()
    if not re.search(r'^probe_success 1$', body, re.M):
        sys.exit("blackbox probe failed:\n" + body)
    phases = {name: float(value) for name, value in phase.findall(body)}
    print(sum(phases.values()), phases["connect"], phases["processing"], phases["transfer"])
    time.sleep(0.02)
EOF
done

sqlite3 "$WORK/sonde.db" "SELECT total_us FROM samples WHERE error_class IS NULL" > "$WORK/sonde.txt"
sqlite3 "$WORK/sonde.db" "SELECT connect_us - coalesce(dns_us, 0) FROM samples WHERE error_class IS NULL" \
    > "$WORK/sonde-connect.txt"
sqlite3 "$WORK/sonde.db" "SELECT ttfb_us - connect_us FROM samples WHERE error_class IS NULL" > "$WORK/sonde-first-byte.txt"
sqlite3 "$WORK/sonde.db" "SELECT total_us - ttfb_us FROM samples WHERE error_class IS NULL" > "$WORK/sonde-transfer.txt"
awk '{ print $3 * 1e6 }' "$WORK/blackbox.txt" > "$WORK/blackbox-processing.txt"
awk '{ print $4 * 1e6 }' "$WORK/blackbox.txt" > "$WORK/blackbox-transfer.txt"
awk '{ print $1 }' "$WORK/blackbox.txt" > "$WORK/blackbox-total.txt"
awk '{ print $2 }' "$WORK/blackbox.txt" > "$WORK/blackbox-connect.txt"
awk '$1 != 1 { bad++ } END { exit bad > 0 }' "$WORK/curl.txt" || die "a curl transfer reused a connection"
awk '{ print $2 }' "$WORK/curl.txt" > "$WORK/curl-total.txt"
# Warm: every transfer but each round's first reuses its connection, on both sides.
awk '$1 == 0 { print $2 }' "$WORK/curl-warm.txt" > "$WORK/curl-warm-total.txt"
sqlite3 "$WORK/sonde-warm.db" "SELECT total_us FROM samples WHERE error_class IS NULL AND connect_us IS NULL" \
    > "$WORK/sonde-warm.txt"
warm_count=$(wc -l < "$WORK/sonde-warm.txt")
curl_warm_count=$(wc -l < "$WORK/curl-warm-total.txt")
[ "$warm_count" -gt 0 ] && [ "$curl_warm_count" -gt 0 ] || die "no attempt on a warm connection (sonde $warm_count, curl $curl_warm_count)"
errors=$(sqlite3 "$WORK/sonde.db" "SELECT count(*) FROM samples WHERE error_class IS NOT NULL")
count=$(wc -l < "$WORK/sonde.txt")
[ "$count" -gt 0 ] || die "sonde stored no successful attempt"
sonde_us=$(median "$WORK/sonde.txt")
curl_us=$(calc "$(median "$WORK/curl-total.txt")*1e6")
blackbox_us=$(calc "$(median "$WORK/blackbox-total.txt")*1e6")
sonde_connect_us=$(median "$WORK/sonde-connect.txt")
blackbox_connect_us=$(calc "$(median "$WORK/blackbox-connect.txt")*1e6")
log "medians: sonde ${sonde_us} µs (n=$count, errors=$errors), curl ${curl_us} µs, blackbox ${blackbox_us} µs"
sonde_warm_us=$(median "$WORK/sonde-warm.txt")
curl_warm_us=$(calc "$(median "$WORK/curl-warm-total.txt")*1e6")
log "warm medians: sonde ${sonde_warm_us} µs (n=$warm_count), curl ${curl_warm_us} µs (n=$curl_warm_count)"
log "connect phase medians: sonde ${sonde_connect_us} µs, blackbox ${blackbox_connect_us} µs"

# verdict SONDE PEER: "agree" when |sonde - peer| <= max(5% of peer, 50 µs).
verdict() { calc "'agree' if abs($1 - $2) <= max(0.05 * $2, 50) else 'DISAGREE'"; }
fmt() { calc "f'{$1:.0f} µs'"; }
ratio() { calc "f'{$1 / $2:.3f}x (Δ {$1 - $2:+.0f} µs)'"; }

total=$((ROUNDS * PER_ROUND))
row "probe accuracy: median total time, fresh connection, loopback nginx, $total attempts (peer: curl -w time_total)" \
    "$(fmt "$sonde_us")" "$(fmt "$curl_us")" "$(ratio "$sonde_us" "$curl_us")" "within 5% or 50 µs" \
    "$(verdict "$sonde_us" "$curl_us")" "$COMMAND"
row "probe accuracy: median total time, fresh connection, loopback nginx, $total attempts (peer: blackbox-exporter, sum of probe_http_duration_seconds phases)" \
    "$(fmt "$sonde_us")" "$(fmt "$blackbox_us")" "$(ratio "$sonde_us" "$blackbox_us")" "within 5% or 50 µs" \
    "$(verdict "$sonde_us" "$blackbox_us")" "$COMMAND"
# The two peers against each other: when they disagree as much as sonde and one of them do, the
# gap belongs to that peer's client (blackbox-exporter's Go HTTP client reads the body in its
# "transfer" phase), not to sonde.
row "probe accuracy, peers against each other: curl's median total vs blackbox-exporter's, same rounds" \
    "$(fmt "$curl_us") (curl)" "$(fmt "$blackbox_us")" "$(ratio "$curl_us" "$blackbox_us")" "within 5% or 50 µs" \
    "$(verdict "$curl_us" "$blackbox_us")" "$COMMAND"
row "probe accuracy: median total time, warm connection (sonde's native engine), loopback nginx, $warm_count and $curl_warm_count attempts on a reused connection (peer: curl -w time_total, one process keeping its connection)" \
    "$(fmt "$sonde_warm_us")" "$(fmt "$curl_warm_us")" "$(ratio "$sonde_warm_us" "$curl_warm_us")" "within 5% or 50 µs" \
    "$(verdict "$sonde_warm_us" "$curl_warm_us")" "$COMMAND"
row "probe accuracy: median TCP connect phase, same attempts (peer: blackbox-exporter phase=\"connect\")" \
    "$(fmt "$sonde_connect_us")" "$(fmt "$blackbox_connect_us")" "$(ratio "$sonde_connect_us" "$blackbox_connect_us")" \
    "within 5% or 50 µs" "$(verdict "$sonde_connect_us" "$blackbox_connect_us")" "$COMMAND"
note "Probe accuracy: sonde \`run\` with \`interval: 20ms, reuse: false\` ($ROUNDS runs of $PER_ROUND, medians of samples.total_us, $errors failed attempts excluded); $(curl --version | head -1 | cut -d' ' -f1-2), one process per round with \`--rate 50/s -H 'Connection: close'\` (every transfer on a new connection), bodies to stdout redirected to /dev/null; prometheus-blackbox-exporter $(prometheus-blackbox-exporter --version 2>&1 | head -1 | awk '{print $3}'), HTTP module, one /probe request per attempt, 20 ms apart. Where blackbox-exporter's time goes (medians, sonde's phase in brackets): connect $(fmt "$blackbox_connect_us") [$(fmt "$sonde_connect_us")], request sent to first byte (\"processing\") $(fmt "$(median "$WORK/blackbox-processing.txt")") [connect to first byte $(fmt "$(median "$WORK/sonde-first-byte.txt")")], body (\"transfer\") $(fmt "$(median "$WORK/blackbox-transfer.txt")") [$(fmt "$(median "$WORK/sonde-transfer.txt")")]. All three take turns each round against nginx $(nginx -v 2>&1 | cut -d/ -f2) on 127.0.0.1 serving a 512-byte file; every process at $PRIORITY_NOTE."
