#!/bin/sh
# Coverage of the variance-, IQR- and MAD-ratio intervals on the calibrated default fleet's own
# distributions (docs/statistics.md, "Coverage on the calibrated fleet's own distributions"; issue
# 23). Compiles, with -O, the Statistics sources, the emulator's latency model and fleet files
# (their `import SondeCore` dropped: the few SondeCore files they use are compiled beside them)
# and Yams from the package's checkout, beside scripts/stats/fleet-coverage/main.swift, and runs it.
# The windows and seeds are those of the opt-in FleetCoverageSimulationTests, which needs a
# whole-package release build.
# Usage: scripts/stats/fleet-coverage.sh [REPS [demo|second|reproduce|all [TRUTH-DRAWS]]]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/.build-fleet-coverage"
mkdir -p "$out/src" "$out/cyaml"
(cd "$root" && swift package resolve >/dev/null)
yams="$root/.build/checkouts/Yams/Sources"
# Yams as its package builds it: libyaml with YAML_DECLARE_STATIC, the Swift module with SWIFT_PACKAGE.
if [ ! -f "$out/libYams.a" ]; then
    for f in "$yams"/CYaml/src/*.c; do
        clang -O2 -DYAML_DECLARE_STATIC -I "$yams/CYaml/include" -c "$f" -o "$out/cyaml/$(basename "$f" .c).o"
    done
    ar rcs "$out/libCYaml.a" "$out"/cyaml/*.o
    swiftc -O -parse-as-library -module-name Yams -D SWIFT_PACKAGE -Xcc -DYAML_DECLARE_STATIC -I "$yams/CYaml/include" \
        -emit-module -emit-module-path "$out/Yams.swiftmodule" -emit-library -static -o "$out/libYams.a" "$yams"/Yams/*.swift
fi
. "$root/scripts/stats/sources.sh"
emulator="$root/Sources/SondeEmulator"
core="$root/Sources/SondeCore"
rm -f "$out"/src/*.swift
for f in "$emulator"/EmulatedProviderSpec*.swift "$emulator"/FleetSpec*.swift "$emulator"/LatencyModel*.swift \
         "$emulator/SplitMix64.swift" "$emulator/EpisodeSchedule.swift" "$emulator/Duration+Seconds.swift"; do
    sed '/^import SondeCore$/d' "$f" > "$out/src/$(basename "$f")"
done
swiftc -O -D SONDE_SIMULATION_SCRIPT -module-name FleetCoverage -o "$out/fleet-coverage" \
    -I "$out" -I "$yams/CYaml/include" -L "$out" -lYams -lCYaml \
    $(stats_sources) \
    "$core/Domain/ProviderKind.swift" "$core/Config/ConfigError.swift" "$core/Config/YAMLReader.swift" \
    "$core/Config/UnknownKeyLog.swift" "$core/Config/Grammar.swift" "$core/Config/NameRules.swift" \
    "$out"/src/*.swift "$root/Tests/SondeEmulatorTests/FleetCoverageWindows.swift" "$root/scripts/stats/fleet-coverage/main.swift"
exec "$out/fleet-coverage" "$@"
