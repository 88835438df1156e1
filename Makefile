# sonde: `make demo` benchmarks the built-in emulated fleet; `make test` runs every test;
# `make bench` checks sonde's own cost against Benchmarks/Thresholds; `make perf` writes reports/performance.md.
SWIFT ?= swift
SONDE := .build/debug/sonde

.PHONY: all deps build test demo bench perf clean check-html reproduce prometheus-scrape check-provision

all: build

deps:
	@scripts/install-deps.sh
	@scripts/install-deps.sh --pip jsonschema hdrhistogram prometheus_client openai
	@scripts/install-deps.sh --otava

build: deps
	$(SWIFT) build --product sonde

# End-to-end tests drive the built binary, so build it first. The HTML report's browser check
# needs Debian's chromium; without it the check is skipped, loudly, and with CI=true it fails.
# The PostgreSQL store tests run against a throwaway cluster (scripts/pg-cluster.sh) that lives only
# for this target: its URL and password reach the tests through SONDE_TEST_PG and PGPASSWORD, and
# the trap stops it whether the tests pass or fail. The tests take ~10 minutes; past TEST_DEADLINE
# seconds scripts/test-watchdog.sh prints what is stuck (process tree, thread stacks) and fails.
TEST_DEADLINE ?= 2400
test: build
	$(SWIFT) build --build-tests
	@set -e; pgdir=$$(mktemp -d /tmp/sonde-pg.XXXXXX); \
	trap 'scripts/pg-cluster.sh stop "$$pgdir"' EXIT; \
	scripts/pg-cluster.sh start "$$pgdir" >/dev/null; . "$$pgdir/env"; \
	scripts/test-watchdog.sh $(TEST_DEADLINE) $(SWIFT) test --skip-build --no-parallel
	@if command -v chromium >/dev/null 2>&1; then $(MAKE) --no-print-directory check-html; \
	elif [ "$${CI:-}" = true ]; then echo "FAILED: CI=true and chromium is not installed" >&2; exit 1; else \
		echo "************************************************************************"; \
		echo "SKIPPED: chromium not installed: the HTML report was not rendered or checked"; \
		echo "         (apt-get install -y chromium, then make check-html)"; \
		echo "************************************************************************"; fi

# Renders a short demo report and a hostile-name report in headless Chromium, and proves the
# check fails on broken fixtures (scripts/check-html-suite.sh). Screenshots stay in reports/check-html/.
check-html: build
	OUT=reports/check-html scripts/check-html-suite.sh $(SONDE)

# A real Prometheus server on loopback scrapes a short `sonde schedule` (also part of make test).
prometheus-scrape: build
	scripts/prometheus-scrape.sh $(SONDE)

# The provisioning fault sweep (docs/reliability.md): SIGINT and SIGKILL at 3 offsets into each of
# create, create-answered, status, health and destroy, for aws-ec2 against moto_server and for the
# command adapter (60 points, ~17 minutes on a busy 2-core machine). `make test` runs a 10-point sample.
check-provision: build
	scripts/install-deps.sh --pip 'moto[server]' awscli
	scripts/provision-sweep.sh $(SONDE)

demo: build
	$(SONDE) demo --db sonde.db --out reports/demo

# sonde's own cost (Benchmarks/, its own package): check the suite against the committed thresholds.
bench: deps
	SWIFT=$(SWIFT) Benchmarks/bench.sh check

# Every figure, with peers measured in the same run, into reports/performance.md.
perf: deps
	SWIFT=$(SWIFT) Benchmarks/perf.sh

clean:
	rm -rf .build sonde.db sonde.db-wal sonde.db-shm reports/demo reports/check-html

# Reproduces reports/variance-5x/ (the "5x latency variance" finding) on the emulated fleet:
# a 10-minute run, analysed by a release build. The report names this command, its seeds and counts.
reproduce: deps
	$(SWIFT) build -c release --product sonde --scratch-path .build-release
	rm -f .build-release/reproduce.db .build-release/reproduce.db-wal .build-release/reproduce.db-shm
	.build-release/release/sonde demo --reproduce --db .build-release/reproduce.db
