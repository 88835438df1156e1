#!/usr/bin/env bash
# Runs a command (make test's `swift test`) with a deadline, its output line-buffered, and when the
# deadline passes prints what is stuck before stopping it: the process tree, and each test or sonde
# process's thread stacks (gdb, installed by scripts/install-deps.sh). A hang once held CI for 90
# minutes and printed nothing that said where; this turns that into a failure with a diagnosis.
#
#   scripts/test-watchdog.sh SECONDS COMMAND [ARG...]     exit: the command's, or 124 on the deadline
set -uo pipefail

limit=${1:?usage: test-watchdog.sh SECONDS COMMAND [ARG...]}
shift

# Line-buffered stdout: swift-testing writes its progress through stdio, and a pipe would hold
# the last 4 KiB (the test that hangs) in a buffer that a killed process never writes.
if command -v stdbuf >/dev/null 2>&1; then set -- stdbuf -oL "$@"; fi

setsid "$@" &
pid=$!
trap 'kill -TERM -- -$pid 2>/dev/null' INT TERM

deadline=$(( $(date +%s) + limit ))
while kill -0 "$pid" 2>/dev/null; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
        {
            echo
            echo "************************************************************************"
            echo "FAILED: the tests were still running after ${limit} s; stopping them. Still running:"
            ps -o pid,etimes,stat,wchan:24,args --forest -g "$pid" 2>/dev/null || ps -ef --forest
            for p in $(ps -o pid= -g "$pid" 2>/dev/null); do
                args=$(tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null)
                case "$args" in
                *xctest*|*/sonde\ *)
                    echo "--- stacks of $p: ${args:0:200}"
                    if command -v gdb >/dev/null 2>&1; then
                        timeout 60 gdb -batch -nx -p "$p" -ex 'thread apply all bt 25' 2>/dev/null | grep -E '^(#|Thread)' | head -300
                    else
                        for t in /proc/"$p"/task/*; do echo "thread ${t##*/} $(cat "$t/comm") wchan $(cat "$t/wchan")"; done
                    fi
                    ;;
                esac
            done
            echo "************************************************************************"
        } >&2
        kill -TERM -- -"$pid" 2>/dev/null
        sleep 10
        kill -KILL -- -"$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        exit 124
    fi
    sleep 5
done
wait "$pid"
