# sonde: `make demo` benchmarks the built-in emulated fleet; `make test` runs every test;
# `make bench` checks sonde's own cost against Benchmarks/Thresholds; `make perf` writes reports/performance.md.
SWIFT ?= swift
SONDE := .build/debug/sonde

.PHONY: all deps build test demo bench perf clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build --product sonde

# End-to-end tests drive the built binary, so build it first.
test: build
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --no-parallel

demo: build
	$(SONDE) demo --db sonde.db --out reports/demo

# sonde's own cost (Benchmarks/, its own package): check the suite against the committed thresholds.
bench: deps
	SWIFT=$(SWIFT) Benchmarks/bench.sh check

# Every figure, with peers measured in the same run, into reports/performance.md.
perf: deps
	SWIFT=$(SWIFT) Benchmarks/perf.sh

clean:
	rm -rf .build sonde.db sonde.db-wal sonde.db-shm reports/demo
