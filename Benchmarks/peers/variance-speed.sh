#!/usr/bin/env bash
# Speed of the spread analysis: sonde's SpreadComparison.compareEach (Benchmarks/Support/
# VarianceBench) vs the same statistics in vectorised numpy/scipy (peers/variance-speed.py), on
# the same file of 4 providers x N float64 samples, in the same run. Both compute, per candidate
# vs the baseline, the variance/IQR/MAD/(p99/p50) ratios, Brown–Forsythe and Mann–Whitney, and
# RESAMPLES iid bootstrap resamples of each provider. The point estimates must agree to 1e-9
# relative (the script fails otherwise). Targets: numpy/sonde wall time >= 5x, sonde peak RSS
# < 500 MB. Peak RSS is /usr/bin/time -v's "Maximum resident set size" of the whole process.
#
# numpy takes ~50 ms per resample of 1M samples here (~7 min for 4 x 2,000), so it runs
# MEASURED resamples per provider (default min(RESAMPLES, 10^8 / N)) and its bootstrap time is
# extrapolated linearly to RESAMPLES; the row says so when it does.
#
#   Benchmarks/peers/variance-speed.sh [N] [RESAMPLES] [MEASURED]   (default 1000000 2000)
source "$(dirname "$0")/lib.sh"

N=${1:-1000000}
RESAMPLES=${2:-2000}
MEASURED=${3:-$(calc "min($RESAMPLES, max(1, 10**8 // $N))")}
PROVIDERS=4
COMMAND="Benchmarks/peers/variance-speed.sh $N $RESAMPLES"
DRIVER="$BENCH/.build/release/sonde-variance-bench"
PEER="$BENCH/peers/variance-speed.py"

ensure_packages time
python3 -c 'import numpy, scipy' 2>/dev/null || ensure_packages python3-numpy python3-scipy
build_release sonde-variance-bench

WORK=$(mktemp -d /tmp/sonde-variance.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

log "generating $PROVIDERS x $N samples"
python3 "$PEER" generate "$WORK/samples.f64" "$N" "$PROVIDERS"

# measure NAME COMMAND... runs COMMAND under /usr/bin/time -v; key=value output in NAME.out.
measure() {
    local name=$1
    shift
    /usr/bin/time -v -o "$WORK/$name.time" "${PRIORITY[@]}" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" \
        || die "$name failed: $(tail -5 "$WORK/$name.err")"
}
value() { sed -n "s/^$2=//p" "$WORK/$1.out"; }
peak_kib() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/$1.time"; }

log "sonde: $RESAMPLES resamples per provider"
measure sonde "$DRIVER" --data "$WORK/samples.f64" --n "$N" --providers "$PROVIDERS" --resamples "$RESAMPLES"
log "numpy/scipy: $MEASURED resamples per provider$([ "$MEASURED" -lt "$RESAMPLES" ] && echo ", extrapolated to $RESAMPLES")"
measure numpy python3 "$PEER" analyse "$WORK/samples.f64" "$N" "$PROVIDERS" "$RESAMPLES" "$MEASURED"
cat "$WORK/sonde.out" "$WORK/numpy.out" >&2

# Point estimates must agree to 1e-9 relative.
agreement=$(python3 - "$WORK/sonde.out" "$WORK/numpy.out" "$PROVIDERS" <<'PY'
import sys
read = lambda path: dict(l.strip().split("=", 1) for l in open(path) if "=" in l)
sonde, numpy, providers = read(sys.argv[1]), read(sys.argv[2]), int(sys.argv[3])
worst, bad = 0.0, []
for p in range(2, providers + 1):
    for key in ("variance_ratio", "iqr_ratio", "mad_ratio", "tail_ratio", "brown_forsythe", "mann_whitney_u"):
        a, b = float(sonde[f"{key}_{p}"]), float(numpy[f"{key}_{p}"])
        rel = abs(a - b) / max(abs(a), abs(b), 1e-300)
        worst = max(worst, rel)
        if not rel <= 1e-9:
            bad.append(f"{key}_{p}: sonde {a!r} numpy {b!r} (relative {rel:.2e})")
if bad:
    print("DISAGREE " + "; ".join(bad))
    sys.exit(1)
print(f"{worst:.1e}")
PY
) || die "point estimates disagree beyond 1e-9: $agreement"
log "point estimates agree, worst relative difference $agreement"

sonde_s=$(value sonde seconds)
numpy_s=$(value numpy seconds)
extrapolated=$(value numpy extrapolated)
sonde_kib=$(peak_kib sonde)
numpy_kib=$(peak_kib numpy)
ratio=$(calc "$numpy_s / $sonde_s")
peer_text=$(calc "f'{$numpy_s:.1f} s'")
[ "$extrapolated" = 1 ] && peer_text="$peer_text (extrapolated from $MEASURED of $RESAMPLES resamples per provider)"

row "spread analysis, $PROVIDERS providers x $N samples, $RESAMPLES bootstrap resamples: wall time (numpy/scipy / sonde)" \
    "$(calc "f'{$sonde_s:.1f} s'")" "$peer_text" "$(calc "f'{$ratio:.1f}x'")" ">= 5x" \
    "$(calc "'pass' if $ratio >= 5 else 'FAIL'")" "$COMMAND"
row "spread analysis, $PROVIDERS providers x $N samples: sonde peak RSS" \
    "$(calc "f'{$sonde_kib * 1024 / 1e6:.0f} MB'")" "$(calc "f'{$numpy_kib * 1024 / 1e6:.0f} MB'") (numpy/scipy)" "—" "< 500 MB" \
    "$(calc "'pass' if $sonde_kib * 1024 < 500e6 else 'FAIL'")" "$COMMAND"
note "Spread analysis: sonde's SpreadComparison.compareEach (Benchmarks/Support/VarianceBench, timed around the call: point estimates, bootstrap intervals, Brown–Forsythe and Mann–Whitney p-values) vs numpy/scipy (Benchmarks/peers/variance-speed.py: np.var ddof=1, type-7 np.percentile, unscaled MAD, scipy.stats.levene(center='median'), scipy.stats.mannwhitneyu, and the same number of iid resamples per provider, batched), on one file of $PROVIDERS seeded lognormal series read by both, $PRIORITY_NOTE. Point estimates (variance, IQR, MAD and p99/p50 ratios, W, U) agree to $agreement relative (checked ≤ 1e-9). numpy's bootstrap time is measured on min(RESAMPLES, 10^8/N) resamples per provider and extrapolated linearly when fewer than RESAMPLES (~50 ms per 1M-sample resample would make the full job ~7 min); sonde always runs all RESAMPLES."
