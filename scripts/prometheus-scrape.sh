#!/usr/bin/env bash
# Proves that a real Prometheus server can scrape `sonde schedule --metrics-port`: starts the
# emulated fleet, a short schedule against it and Debian's prometheus, all on 127.0.0.1 with
# temporary files, waits for a scrape, and checks through Prometheus' HTTP API that the target
# is up (up == 1) and that sonde's probe series arrived. Bounded: gives up after 40 s.
# Usage: scripts/prometheus-scrape.sh [path/to/sonde]   (default .build/debug/sonde)
set -euo pipefail

SONDE=$(realpath "${1:-.build/debug/sonde}")
command -v prometheus >/dev/null || { echo "prometheus-scrape: prometheus not installed (scripts/install-deps.sh)" >&2; exit 1; }
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# Waits (up to $2 tenths of a second) until the command in $1 succeeds.
wait_for() {
    for _ in $(seq "$2"); do eval "$1" && return 0; sleep 0.1; done
    return 1
}
query() { curl -sS --max-time 2 "http://127.0.0.1:$prom_port/api/v1/query" --data-urlencode "query=$1"; }

cd "$work"
"$SONDE" emulate --fleet default --endpoints fleet.yaml >emulate.log 2>&1 &
pids+=($!)
wait_for '[ -s fleet.yaml ]' 100 || { echo "prometheus-scrape: the emulator did not start" >&2; cat emulate.log >&2; exit 1; }
{ cat fleet.yaml; printf 'probes:\n  latency: { interval: 100ms, samples: 5, timeout: 2s }\n'; } >sonde.yaml

metrics_port=$(free_port)
"$SONDE" schedule -c sonde.yaml --every 2s --db scrape.db --vantage scrape-check --metrics-port "$metrics_port" \
    >schedule.log 2>&1 &
pids+=($!)
wait_for 'grep -q "metrics at" schedule.log' 100 || { echo "prometheus-scrape: sonde schedule did not serve metrics" >&2; cat schedule.log >&2; exit 1; }

prom_port=$(free_port)
cat >prometheus.yml <<YAML
global: { scrape_interval: 1s, scrape_timeout: 1s }
scrape_configs:
  - job_name: sonde
    static_configs: [{ targets: ["127.0.0.1:$metrics_port"] }]
YAML
prometheus --config.file=prometheus.yml --storage.tsdb.path=tsdb --web.listen-address="127.0.0.1:$prom_port" \
    >prometheus.log 2>&1 &
pids+=($!)

up='query "up{job=\"sonde\"}" | grep -q "\"value\":\[[0-9.]*,\"1\"\]"'
series='query "sonde_probe_attempts_total{job=\"sonde\",outcome=\"ok\"}" | grep -q "\"provider\":\"cloud-us-east\""'
if ! wait_for "$up" 300 || ! wait_for "$series" 100; then
    echo "prometheus-scrape: FAILED: no successful scrape of 127.0.0.1:$metrics_port" >&2
    query 'up' >&2 || true
    tail -5 prometheus.log >&2
    exit 1
fi
echo "prometheus-scrape: ok: up{job=\"sonde\"} == 1 and sonde_probe_attempts_total scraped from 127.0.0.1:$metrics_port"
query 'count(sonde_probe_attempts_total)'
echo
