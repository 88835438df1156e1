#!/usr/bin/env bash
# Installs the Debian packages sonde builds and tests with, when they are missing.
# Usage: scripts/install-deps.sh [extra-package ...]
set -euo pipefail

# curl: the metrics tests fetch /metrics. prometheus: promtool checks the exposition, and
# scripts/prometheus-scrape.sh starts a real server that scrapes `sonde schedule` (both in `make test`).
packages=(libcurl4-openssl-dev libsqlite3-dev sqlite3 pkg-config curl prometheus "$@")
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
