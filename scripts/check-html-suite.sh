#!/usr/bin/env bash
# `make check-html`: proves the HTML report renders in headless Chromium.
#  1. The check itself: it must pass a good fixture and fail each broken one (an empty chart,
#     an empty <svg>, a page that throws, an unescaped provider name, a table too wide for its
#     column at 1280 and at 390 px).
#  2. A short demo report: no JavaScript error, no empty chart, no script, and nothing scrolls
#     sideways at 1280 or 390 px (measured in Chromium); desktop and phone screenshots are kept
#     in $OUT for a person to look at.
#  3. A run whose provider is named <script>alert(1)</script>: the name shows as text.
# Usage: scripts/check-html-suite.sh [SONDE_BINARY] (default .build/debug/sonde); OUT=dir to keep files.
set -euo pipefail
cd "$(dirname "$0")/.."
sonde=${1:-.build/debug/sonde}
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
# Files of an earlier run in the same OUT would be mistaken for this run's.
rm -rf "$out/demo" "$out"/demo.db* "$out"/hostile.* "$out/fleet.yaml"
fixtures=Tests/Fixtures/html
failures=0

expect() { # expect pass|fail WHY FILE [ARGS...]: runs the check and compares its outcome
    local want=$1 why=$2; shift 2
    local rc=0
    scripts/check-html.sh "$@" >"$out/last.log" 2>&1 || rc=$?
    if { [ "$want" = pass ] && [ $rc -eq 0 ]; } || { [ "$want" = fail ] && [ $rc -eq 1 ] && grep -q "$why" "$out/last.log"; }; then
        echo "check-html-suite: ok   ($want, exit $rc) $1"
    else
        echo "check-html-suite: FAIL wanted $want${why:+ ($why)}, got exit $rc for $1:" >&2
        sed 's/^/  /' "$out/last.log" >&2
        failures=$((failures + 1))
    fi
}

hostile_run() { # a run whose provider names are markup; they go into the run configuration,
    # which is where a user's names come from (fleet names are restricted).
    "$sonde" emulate --fleet "$fixtures/hostile-fleet.yaml" --endpoints "$out/fleet.yaml" >"$out/emulate.log" 2>&1 &
    local emulator=$!
    for _ in $(seq 100); do [ -s "$out/fleet.yaml" ] && break; sleep 0.1; done
    local urls
    mapfile -t urls < <(grep 'endpoint:' "$out/fleet.yaml" | awk '{print $2}')
    cat >"$out/hostile.yaml" <<YAML
providers:
  - name: cloud-us-east
    kind: centralized
    region: us-east
    endpoint: ${urls[0]}
  - name: "<script>alert(1)</script>"
    kind: depin
    region: "<img src=x onerror=alert(2)>"
    jurisdiction: "\" onmouseover=\"alert(3)"
    endpoint: ${urls[1]}
probes:
  latency: { interval: 50ms, samples: 60, timeout: 5s }
  availability: { interval: 200ms, timeout: 1s, duration: 3s }
analysis:
  baseline: cloud-us-east
YAML
    local rc=0
    "$sonde" run -c "$out/hostile.yaml" --db "$out/hostile.db" --duration 3s >"$out/hostile-run.log" 2>&1 || rc=$?
    kill "$emulator" 2>/dev/null || true
    wait "$emulator" 2>/dev/null || true
    [ $rc -eq 0 ] && "$sonde" report --db "$out/hostile.db" --format html -o "$out/hostile.html"
}

# The two runs mostly wait on their schedules, so they go on while the fixtures are checked.
"$sonde" demo --duration 8s --db "$out/demo.db" --out "$out/demo" >"$out/demo.log" 2>&1 &
demo=$!
hostile_run >"$out/hostile.log" 2>&1 &
hostile=$!

expect pass "" "$fixtures/good.html"
expect fail "draws nothing in its marks group" "$fixtures/empty-chart.html"
expect fail "has no <g class=\"marks\">" "$fixtures/empty-svg.html"
expect fail "Uncaught Error: sonde-fixture-boom" "$fixtures/throws.html" --allow-scripts
expect fail "<script> element" "$fixtures/throws.html"
expect fail "<script> element" "$fixtures/unescaped-name.html"
expect fail "at 1280 px: table wrapper 1 .* scrolls sideways" "$fixtures/too-wide.html" --layout 1280
expect fail "at 390 px: header cell 'Mann–Whitney p (two-sided)' .* is clipped" "$fixtures/too-wide.html" --layout 390

if wait $demo; then
    expect pass "" "$out/demo/report.html" --min-charts 6 --layout 1280,390 --screenshot "$out/report-desktop.png" --window 1000,7000 \
        --phone-screenshot "$out/report-phone.png"
else
    echo "check-html-suite: FAIL: sonde demo failed:" >&2; tail -5 "$out/demo.log" >&2; failures=$((failures + 1))
fi
if wait $hostile; then
    expect pass "" "$out/hostile.html" --min-charts 6 --layout 1280,390 --expect-text "<script>alert(1)</script>" \
        --expect-text "<img src=x onerror=alert(2)>"
else
    echo "check-html-suite: FAIL: the hostile-name run failed:" >&2; tail -5 "$out"/hostile*.log >&2; failures=$((failures + 1))
fi

if [ $failures -gt 0 ]; then
    echo "check-html-suite: $failures check(s) failed; files in $out" >&2
    exit 1
fi
echo "check-html-suite: all HTML checks passed; screenshots in $out"
