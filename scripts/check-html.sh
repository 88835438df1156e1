#!/usr/bin/env bash
# Renders an HTML report in headless Chromium and fails (exit 1) when the page logs a JavaScript
# error, a chart is empty, (unless --allow-scripts) the page contains any script at all, or (with
# --layout) the page or a table wrapper scrolls sideways or a header cell is clipped at a width.
# Usage: scripts/check-html.sh REPORT.html [--screenshot OUT.png] [--window 1000,6000]
#          [--phone-screenshot OUT.png] [--expect-text TEXT]... [--allow-scripts] [--min-charts N]
#          [--layout 1280,390]
# Exit codes: 0 pass, 1 check failed, 3 chromium missing, 64 bad usage.
set -euo pipefail

usage() { sed -n '2,8p' "$0" >&2; exit 64; }
[ $# -ge 1 ] || usage
report=$1; shift
screenshot=""; window="1000,6000"; phone=""; dom_args=(); layout=""
while [ $# -gt 0 ]; do
    case "$1" in
        --screenshot) screenshot=$2; shift 2 ;;
        --window) window=$2; shift 2 ;;
        --phone-screenshot) phone=$2; shift 2 ;;
        --expect-text) dom_args+=(--expect-text "$2"); shift 2 ;;
        --min-charts) dom_args+=(--min-charts "$2"); shift 2 ;;
        --allow-scripts) dom_args+=(--allow-scripts); shift ;;
        --layout) layout=$2; shift 2 ;;
        *) usage ;;
    esac
done
[ -f "$report" ] || { echo "check-html: no such file: $report" >&2; exit 64; }
chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || { echo "check-html: chromium is not installed (apt-get install -y chromium)" >&2; exit 3; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
url="file://$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
# A fresh profile per run, no GPU or sandbox (CI runs as root in a container), and virtual time
# so that scripts and layout finish before the DOM is taken. stderr carries console messages.
flags=(--headless --no-sandbox --disable-gpu --no-first-run --disable-extensions --hide-scrollbars
       --user-data-dir="$work/profile" --enable-logging=stderr --v=0 --virtual-time-budget=3000)

# A script in the file itself fails at once: sonde reports have none, and an alert() would block
# headless Chromium until the timeout.
if [[ " ${dom_args[*]-} " != *" --allow-scripts "* ]] && ! python3 "$(dirname "$0")/check_dom.py" "$report" --scripts-only; then
    exit 1
fi
if ! timeout 30 "$chromium" "${flags[@]}" --dump-dom "$url" >"$work/dom.html" 2>"$work/console.log"; then
    echo "check-html: FAIL: chromium could not render $report in 30 s (a JavaScript dialog blocks it)" >&2
    tail -5 "$work/console.log" >&2
    exit 1
fi
status=0
# Uncaught exceptions and console.error calls; Chromium's own dbus/GPU noise is not the page's.
if grep -E 'CONSOLE' "$work/console.log" | grep -Ei 'Uncaught|:ERROR:CONSOLE|error' >"$work/errors.log"; then
    echo "check-html: FAIL: the page logged JavaScript errors:" >&2
    sed 's/^/  /' "$work/errors.log" >&2
    status=1
fi
python3 "$(dirname "$0")/check_dom.py" "$work/dom.html" "${dom_args[@]}" || status=1

# Layout, measured by Chromium itself: the page is laid out in one frame per width, and a
# measuring script's findings come back through --dump-dom (check_layout.py).
if [ -n "$layout" ]; then
    widths=(${layout//,/ })
    python3 "$(dirname "$0")/check_layout.py" wrap "$report" "$work/layout.html" "${widths[@]}"
    if timeout 60 "$chromium" "${flags[@]}" --window-size=1400,3000 --dump-dom "file://$work/layout.html" >"$work/layout-dom.html" 2>/dev/null; then
        python3 "$(dirname "$0")/check_layout.py" verify "$work/layout-dom.html" "${widths[@]}" || status=1
    else
        echo "check-html: FAIL: chromium could not lay out $report in 60 s" >&2
        status=1
    fi
fi

shoot() { # shoot PATH WIDTH,HEIGHT
    mkdir -p "$(dirname "$1")"
    if ! timeout 30 "$chromium" "${flags[@]}" --window-size="$2" --screenshot="$1" "$url" >/dev/null 2>&1 || [ ! -s "$1" ]; then
        echo "check-html: FAIL: no screenshot written to $1" >&2
        status=1
    else
        echo "check-html: screenshot $1 ($2)" >&2
    fi
}
[ -z "$screenshot" ] || shoot "$screenshot" "$window"
# A phone-width viewport, tall enough for the whole single-column page.
[ -z "$phone" ] || shoot "$phone" 390,9000
[ $status -eq 0 ] && echo "check-html: PASS $report" >&2
exit $status
