# sonde: `make demo` benchmarks the built-in emulated fleet; `make test` runs every test.
SWIFT ?= swift
SONDE := .build/debug/sonde

.PHONY: all deps build test demo clean

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

clean:
	rm -rf .build sonde.db sonde.db-wal sonde.db-shm reports/demo
