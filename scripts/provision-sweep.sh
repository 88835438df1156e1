#!/usr/bin/env bash
# The provisioning fault sweep (issue 22, docs/reliability.md): interrupts `sonde provision run`
# inside each phase of an attempt, for the aws-ec2 adapter against moto_server and for the
# command adapter against a fake provider CLI, then checks that no machine is left and that
# every stored attempt agrees with what the provider holds.
#
# A point is a phase, an offset and a signal. The signal is sent OFFSET ms after the phase began,
# as seen from outside (so the points land in their phase however loaded the machine is):
#   create    the create tool started (the tool leaves a marker)
#   answered  the provider made the machine; its answer is still on the way (aws: the wrapper
#             below holds run-instances' answer SLOW_CREATE_MS; command: the fake CLI sleeps)
#   status    the first status call started (marker), status polls run
#   health    the machine is running (running_ns), health checks run (the health URL is an
#             emulated endpoint answering after ~400 ms, so the phase lasts long enough to hit)
#   destroy   the destroy tool started (marker)
# SIGINT: sonde tears down by itself; the check runs WITHOUT `sonde provision cleanup`.
# SIGKILL: nothing can tear down; the check runs after `sonde provision cleanup`.
#
# Usage: scripts/provision-sweep.sh [SONDE] (default .build/debug/sonde)
# Environment: ADAPTERS="aws command", SIGNALS="INT KILL", PHASES="create answered status health destroy",
#              OFFSETS="0 150 300" (ms), SLOW_CREATE_MS=800, OUT (work dir).
# Prints one line per point and a summary; exits 1 when any point left a machine, disagreed, or
# never reached its phase.
set -euo pipefail

SONDE="$(cd "$(dirname "${1:-.build/debug/sonde}")" && pwd)/$(basename "${1:-.build/debug/sonde}")"
ADAPTERS="${ADAPTERS:-aws command}"
SIGNALS="${SIGNALS:-INT KILL}"
PHASES="${PHASES:-create answered status health destroy}"
OFFSETS="${OFFSETS:-0 150 300}"
OUT="${OUT:-$(mktemp -d /tmp/sonde-sweep.XXXXXX)}"
mkdir -p "$OUT"
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1 \
    AWS_SHARED_CREDENTIALS_FILE=/nonexistent AWS_CONFIG_FILE=/nonexistent AWS_PAGER=""

command -v sqlite3 >/dev/null || { echo "sqlite3 missing (scripts/install-deps.sh)" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }

MOTO_PID=""
EMULATOR_PID=""
cleanup_all() {
    [ -n "$MOTO_PID" ] && kill -9 "$MOTO_PID" 2>/dev/null
    [ -n "$EMULATOR_PID" ] && kill "$EMULATOR_PID" 2>/dev/null
    true
}
trap cleanup_all EXIT

# The health URL: one emulated provider answering after ~400 ms (sonde emulate).
start_health() {
    printf 'providers:\n  - { name: slow-health, kind: depin, region: r, latency: { median: 400ms, sigma: 0.05 } }\n' \
        >"$OUT/health-fleet.yaml"
    "$SONDE" emulate --fleet "$OUT/health-fleet.yaml" --endpoints "$OUT/health-endpoints.yaml" >"$OUT/emulator.log" 2>&1 &
    EMULATOR_PID=$!
    for _ in $(seq 300); do
        HEALTH=$(grep -o 'http://[^ ]*' "$OUT/health-endpoints.yaml" 2>/dev/null | head -1) && [ -n "$HEALTH" ] && return 0
        sleep 0.1
    done
    echo "sonde emulate did not start" >&2; exit 1
}

start_moto() {
    command -v moto_server >/dev/null && command -v aws >/dev/null || {
        echo "moto_server/aws missing: scripts/install-deps.sh --pip 'moto[server]' awscli" >&2; exit 1; }
    MOTO_PORT=$(free_port)
    moto_server -H 127.0.0.1 -p "$MOTO_PORT" >"$OUT/moto.log" 2>&1 &
    MOTO_PID=$!
    for _ in $(seq 100); do
        curl -s -o /dev/null "http://127.0.0.1:$MOTO_PORT/moto-api/" && return 0
        sleep 0.1
    done
    echo "moto_server did not start" >&2; exit 1
}

# aws-ec2 against moto; the health URL is moto's own dashboard, which answers 200.
aws_config() {
    cat <<EOF
providers:
  - name: ec2-sweep
    kind: centralized
    region: us-east-1
    endpoint: $HEALTH
    provision:
      adapter: aws-ec2
      image: ami-12c6146b
      instance_type: t2.micro
      region: us-east-1
      endpoint_url: http://127.0.0.1:$MOTO_PORT
      health_url: $HEALTH
      poll_interval: 100ms
      deadline: 60s
      destroy_timeout: 30s
      attempts: 1
EOF
}

# Every instance moto holds, as "attempt-tag<TAB>id<TAB>state" lines (one aws call per check:
# the CLI takes a second to start on a loaded machine).
aws_states() {
    "$REAL_AWS" --endpoint-url "http://127.0.0.1:$MOTO_PORT" --region us-east-1 --output text ec2 describe-instances \
        --query 'Reservations[].Instances[].[Tags[?Key==`sonde-attempt`]|[0].Value,InstanceId,State.Name]'
}

# The aws CLI sonde runs: the real one, with run-instances' answer held back SLOW_CREATE_MS after
# EC2 made the instance, as a slow network would. This is the window in which an interrupt used
# to kill the create and lose the id of a machine that already billed (issue 22).
REAL_AWS="$(command -v aws || true)"
SLOW_CREATE_MS="${SLOW_CREATE_MS:-800}"
write_aws_wrapper() {
    mkdir -p "$OUT/bin"
    {
        echo '#!/bin/sh'
        echo 'mark() { [ -z "$SWEEP_POINT" ] || touch "$SWEEP_POINT/$1"; }'
        echo 'case " $* " in *" run-instances "*) mark create ;;'
        echo '    *" describe-instances --instance-ids "*) mark status ;;'
        echo '    *" terminate-instances "*) mark destroy ;; esac'
        echo "out=\$(\"$REAL_AWS\" \"\$@\"); rc=\$?"
        echo "case \" \$* \" in *\" run-instances \"*) mark answered; sleep $(awk "BEGIN {print $SLOW_CREATE_MS / 1000}") ;; esac"
        echo "printf '%s\\n' \"\$out\""
        echo 'exit $rc'
    } >"$OUT/bin/aws"
    chmod +x "$OUT/bin/aws"
}

# The command adapter: a fake provider CLI keeping machines as files; each call costs 0.2-0.8 s
# as a real CLI's round trip would, so that interrupts can land inside every step.
FAKE="$OUT/fakecloud"
write_fake_cli() {
    mkdir -p "$FAKE/machines"
    cat >"$FAKE/cli" <<'EOF'
#!/bin/sh
dir="$(dirname "$0")/machines"
mark() { [ -z "$SWEEP_POINT" ] || touch "$SWEEP_POINT/$1"; }
case "$1" in
create)  # create ATTEMPT: the machine exists (and bills) before the answer arrives
    mark create; sleep 0.4; id="m-$$-$(date +%N)"; echo "$2" > "$dir/$id"
    mark answered; sleep 0.4
    echo "{\"id\": \"$id\"}" ;;
status)  mark status; sleep 0.2; [ -f "$dir/$2" ] || { echo "no such machine" >&2; exit 4; }
    echo '{"state": "running"}' ;;
destroy) mark destroy; sleep 0.6; rm -f "$dir/$2"; echo '{}' ;;
find)    sleep 0.1; grep -l -x -F "$2" "$dir"/m-* 2>/dev/null | xargs -r -n1 basename ;;
esac
EOF
    chmod +x "$FAKE/cli"
}
command_config() {
    cat <<EOF
providers:
  - name: cmd-sweep
    kind: depin
    region: eu
    endpoint: $HEALTH
    provision:
      adapter: command
      create: ["$FAKE/cli", "create", "{attempt}"]
      id: { pointer: /id }
      status: ["$FAKE/cli", "status", "{id}"]
      state: { pointer: /state }
      destroy: ["$FAKE/cli", "destroy", "{id}"]
      find: ["$FAKE/cli", "find", "{attempt}"]
      health_url: $HEALTH
      poll_interval: 100ms
      deadline: 60s
      destroy_timeout: 30s
      attempts: 1
EOF
}
command_live() { find "$FAKE/machines" -name 'm-*' | grep -c . || true; }

# Checks one point: "ok" or the reason it failed. For aws: every stored attempt with a
# resource id names a terminated instance and is marked torn down; an attempt without an id
# has no live instance carrying its tag; nothing is pending or running.
check_point() {
    local adapter=$1 db=$2 live rows states=""
    if [ "$adapter" = aws ]; then
        states=$(aws_states)
        live=$(printf '%s\n' "$states" | grep -c -P '\t(pending|running)$' || true)
    else
        live=$(command_live)
    fi
    [ "$live" = 0 ] || { echo "LEAK: $live machines live"; return; }
    rows=$(sqlite3 "$db" "select attempt_key, coalesce(resource_id,''), torn_down_ns is not null, coalesce(outcome,'NULL'),
                                  leaked, possibly_leaked,
                                  case when accepted_ns is null then 'create' when running_ns is null then 'status'
                                       when reachable_ns is null then 'health' else 'destroy' end
                           from provisions" 2>/dev/null || echo "NO-DB")
    [ "$rows" = "NO-DB" ] && { echo "ok (no run row: interrupted before the database)"; return; }
    [ -z "$rows" ] && { echo "ok (interrupted before the attempt)"; return; }
    while IFS='|' read -r key id torn outcome leaked possibly phase; do
        [ "$leaked" = 0 ] && [ "$possibly" = 0 ] || { echo "DISAGREE: stored leaked=$leaked possibly_leaked=$possibly with 0 live"; return; }
        [ "$outcome" != NULL ] || { echo "DISAGREE: attempt $key has no outcome"; return; }
        if [ -n "$id" ]; then
            [ "$torn" = 1 ] || { echo "DISAGREE: $id not marked torn down"; return; }
            if [ "$adapter" = aws ]; then
                printf '%s\n' "$states" | grep -q -P "^$key\t$id\tterminated$" || { echo "DISAGREE: $id not terminated in moto"; return; }
            fi
        elif [ "$adapter" = aws ] && printf '%s\n' "$states" | grep -q -P "^$key\t"; then
            echo "DISAGREE: moto holds an instance of attempt $key but none is stored"; return
        fi
    done <<<"$rows"
    # What was stored: the outcome, and the last phase the attempt reached.
    echo "ok (stored $(echo "$rows" | awk -F'|' '{print $4 ($2=="" ? ", no machine" : ", torn down") "; last phase begun: " $7}'))"
}

# Whether the phase of this point has begun (see the header).
phase_began() {  # phase dir
    case "$1" in
    health) [ "$(sqlite3 "$2/p.db" "select count(*) from provisions where running_ns is not null" 2>/dev/null)" = 1 ] ;;
    *) [ -f "$2/$1" ] ;;
    esac
}

run_point() {  # adapter signal phase offset_ms
    local adapter=$1 sig=$2 phase=$3 offset=$4 dir="$OUT/$1-$2-$3-$4" started status result
    mkdir -p "$dir"
    if [ "$adapter" = aws ]; then aws_config >"$dir/c.yaml"; else command_config >"$dir/c.yaml"; fi
    started=$(now_ms)
    (cd "$dir" && SWEEP_POINT="$dir" PATH="$OUT/bin:$PATH" exec "$SONDE" provision run -c c.yaml --db p.db \
        >"$dir/out.txt" 2>&1) &
    local pid=$!
    while ! phase_began "$phase" "$dir" && kill -0 "$pid" 2>/dev/null; do sleep 0.02; done
    local began=1
    phase_began "$phase" "$dir" || began=0
    sleep "$(printf '%d.%03d' $((offset / 1000)) $((offset % 1000)))"
    kill -s "$sig" "$pid" 2>/dev/null || true
    status=0
    wait "$pid" || status=$?
    if [ "$sig" = KILL ] && [ -f "$dir/p.db" ]; then
        (cd "$dir" && "$SONDE" provision cleanup --db p.db >"$dir/cleanup.txt" 2>&1) || true
    fi
    if [ "$began" = 0 ]; then
        result="NOT REACHED: the run ended before its $phase phase"
    else
        result=$(check_point "$adapter" "$dir/p.db")
    fi
    printf '%-8s %-8s +%3d ms SIG%-4s exit %3d after %5d ms: %s\n' "$adapter" "$phase" "$offset" "$sig" "$status" \
        $(( $(now_ms) - started )) "$result"
    case "$result" in ok*) ;; *) FAILED=$((FAILED + 1)) ;; esac
    TOTAL=$((TOTAL + 1))
}

start_moto
start_health
write_aws_wrapper
write_fake_cli
TOTAL=0
FAILED=0
for adapter in $ADAPTERS; do
    for phase in $PHASES; do
        for offset in $OFFSETS; do
            for sig in $SIGNALS; do
                run_point "$adapter" "$sig" "$phase" "$offset"
            done
        done
    done
done
echo "sweep: $TOTAL points, $FAILED failed (work dir $OUT)"
[ "$FAILED" = 0 ]
