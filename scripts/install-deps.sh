#!/usr/bin/env bash
# Installs the Debian packages sonde builds and tests with, when they are missing.
# Usage: scripts/install-deps.sh [extra-package ...]
#        scripts/install-deps.sh --pip PYPI-PACKAGE... (e.g. --pip 'moto[server]' awscli: the aws-ec2 provisioning test)
#        (--pip jsonschema hdrhistogram prometheus_client: the bmf/gab/hlog/openmetrics export checks)
#        scripts/install-deps.sh --otava (the virtualenv .build-otava/venv with Apache Otava: the history
#        report's change points are cross-checked against it in make test; required there with CI=true)
set -euo pipefail

if [ "${1:-}" = "--otava" ]; then
    # Apache Otava pins its own numpy, so it lives in a virtualenv of its own (git-ignored), made
    # once; an existing one with the otava command is kept. Every step is bounded in time (a
    # stalled index must not hang a CI run): pip's per-request timeout and retries, and an outer
    # limit on the whole install. A failed install removes the half-made virtualenv, so the next
    # run tries again; it fails `make deps` only with CI=true (locally the cross-check then skips).
    root=$(cd "$(dirname "$0")/.." && pwd)
    venv=$root/.build-otava/venv
    [ -x "$venv/bin/otava" ] && exit 0
    if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
        "$0" python3-venv
    fi
    echo "sonde: creating $venv with apache-otava 0.8.0 from PyPI (once: some 20 CPU-s, 325 MB, minutes on a slow link)" >&2
    rm -rf "$venv"
    mkdir -p "$root/.build-otava"
    if timeout -k 10 900 python3 -m venv "$venv" \
        && timeout -k 10 900 "$venv/bin/pip" install -q --disable-pip-version-check --timeout 60 --retries 3 'apache-otava==0.8.0' \
        && [ -x "$venv/bin/otava" ]; then
        exit 0
    fi
    rm -rf "$venv"
    echo "sonde: could not install apache-otava into $venv; the history report's Otava cross-check will be skipped" >&2
    [ "${CI:-}" = true ] && exit 1
    exit 0
fi

if [ "${1:-}" = "--pip" ]; then
    shift
    # Installs the PyPI packages whose commands are missing; a no-op when they are all present.
    need=()
    for package in "$@"; do
        case "$package" in
        moto*) command -v moto_server >/dev/null 2>&1 || need+=("$package") ;;
        awscli) command -v aws >/dev/null 2>&1 || need+=("$package") ;;
        *) python3 -m pip show "$package" >/dev/null 2>&1 || need+=("$package") ;;
        esac
    done
    [ ${#need[@]} -eq 0 ] && exit 0
    echo "sonde: installing missing PyPI packages: ${need[*]}" >&2
    # Debian's Python refuses system-wide pip installs without --break-system-packages (PEP 668).
    python3 -m pip install -q "${need[@]}" 2>/dev/null || python3 -m pip install -q --break-system-packages "${need[@]}"
    exit 0
fi

# curl: the metrics tests fetch /metrics. prometheus: promtool checks the exposition, and
# scripts/prometheus-scrape.sh starts a real server that scrapes `sonde schedule` (both in `make test`).
# hey and nginx-light: `sonde import --format hey` is checked against hey loading loopback nginx.
# zlib1g-dev: the hlog export deflates histograms. prometheus-pushgateway, libhdrhistogram-java and
# openjdk-17-jre-headless (Debian 12's JRE): the openmetrics and hlog exports are checked against them (docs/export.md).
# postgresql and libpq-dev: the PostgreSQL store (libpq through CLibPQ) and the throwaway cluster
# that `make test` starts with scripts/pg-cluster.sh (Debian's server binaries, /usr/lib/postgresql/15/bin).
# gdb: a test process or sonde agent still running past its deadline has its thread stacks printed
# (Tests/SondeTestSupport/Hang.swift, scripts/test-watchdog.sh) before it is stopped.
packages=(libcurl4-openssl-dev libsqlite3-dev sqlite3 pkg-config curl prometheus hey nginx-light zlib1g-dev
          prometheus-pushgateway libhdrhistogram-java openjdk-17-jre-headless postgresql libpq-dev gdb "$@")
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "sonde: installing missing Debian packages: ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO=sudo
    else
        echo "sonde: cannot install ${missing[*]}: not root and no sudo. Run: apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
${SUDO:-} apt-get update -qq
${SUDO:-} apt-get install -y -qq "${missing[@]}" >/dev/null
