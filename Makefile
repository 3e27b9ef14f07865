# scanterm / scanhub — see README.md. The two set-up commands are `make run`
# and `make test`; everything they need is installed or started from here.

GO        ?= go
BIN       := bin
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -X main.version=$(VERSION)
HUB_ADDR  ?= 127.0.0.1:8765
VAR       := var
# go-sqlite3 is cgo; a cold build of it takes a minute, later builds use the cache.
export CGO_ENABLED := 1

# The race detector needs cgo and a 64-bit host; it is on wherever it can be.
RACE := $(shell case "$$($(GO) env GOARCH)" in (amd64|arm64|ppc64le|s390x) echo -race;; esac)

.PHONY: all build run test test-deps fuzz bench lint cross clean
.PHONY: package test-deps-packaging

all: build

build:
	@mkdir -p $(BIN)
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/ ./cmd/scanterm ./cmd/scanhub

# run: a hub on SQLite with demo data on $(HUB_ADDR), a terminal enrolled to
# it in $(VAR)/term, and scanterm in this terminal. Quitting scanterm stops the
# hub. Safe to run again: the demo load is idempotent and the enrolment kept
# (pointed at this run's HUB_ADDR, so another port works too).
run: build
	@mkdir -p $(VAR)
	@if [ ! -f $(VAR)/hub.db ]; then rm -rf $(VAR)/term; fi
	@$(BIN)/scanhub demo --db sqlite:$(VAR)/hub.db
	@set -e; \
	$(BIN)/scanhub serve --db sqlite:$(VAR)/hub.db --listen $(HUB_ADDR) >$(VAR)/hub.log 2>&1 & hub=$$!; \
	trap 'kill $$hub 2>/dev/null || echo "scanhub had stopped while scanterm ran: see $(VAR)/hub.log"; wait $$hub 2>/dev/null || true' EXIT INT TERM; \
	for i in $$(seq 100); do grep -q 'listening on' $(VAR)/hub.log 2>/dev/null && break; \
		kill -0 $$hub 2>/dev/null || { cat $(VAR)/hub.log; echo "scanhub did not start (is $(HUB_ADDR) in use? try make run HUB_ADDR=127.0.0.1:8766)"; exit 1; }; sleep 0.1; done; \
	if [ ! -f $(VAR)/term/enrollment.json ]; then \
		code=$$($(BIN)/scanhub device add term-$$(date +%s) --db sqlite:$(VAR)/hub.db --json | sed -n 's/.*"code":"\([^"]*\)".*/\1/p'); \
		$(BIN)/scanterm enroll http://$(HUB_ADDR) "$$code" --data $(VAR)/term; \
	else \
		sed -i 's#"hub_url": "[^"]*"#"hub_url": "http://$(HUB_ADDR)"#' $(VAR)/term/enrollment.json; \
	fi; \
	$(BIN)/scanterm run --data $(VAR)/term

# test-deps installs what the suite runs for real: tmux (end-to-end TUI
# tests), PostgreSQL (the hub's second store), the Linux console's fonts
# (console mode's screens are checked against their Unicode tables) and
# Chromium (the web console's end-to-end test drives it headless). Only as
# root, via apt.
# PostgreSQL is found as sync/hub/pgtest finds it: $PGTEST_BIN when set,
# else the newest /usr/lib/postgresql/N/bin, N >= 13, with initdb, postgres
# and pg_ctl; the distribution's default version is installed when none is.
PG_FIND = bin=""; \
	if [ -n "$$PGTEST_BIN" ]; then \
		[ -x "$$PGTEST_BIN/initdb" ] && [ -x "$$PGTEST_BIN/postgres" ] && [ -x "$$PGTEST_BIN/pg_ctl" ] && bin="$$PGTEST_BIN"; \
	else \
		best=0; for d in /usr/lib/postgresql/*/bin; do \
			v=$${d\#/usr/lib/postgresql/}; v=$${v%/bin}; \
			case "$$v" in ""|*[!0-9]*) continue;; esac; \
			if [ "$$v" -ge 13 ] && [ "$$v" -gt "$$best" ] && [ -x "$$d/initdb" ] && [ -x "$$d/postgres" ] && [ -x "$$d/pg_ctl" ]; then \
				best=$$v; bin=$$d; fi; \
		done; \
	fi

CHROMIUM_PKG := chromium
test-deps:
	@missing=""; \
	command -v tmux >/dev/null 2>&1 || missing="$$missing tmux"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing $(CHROMIUM_PKG)"; \
	ls /usr/share/consolefonts/Lat15-Fixed16.psf.gz /usr/share/consolefonts/Uni2-Fixed16.psf.gz >/dev/null 2>&1 || missing="$$missing console-setup-linux"; \
	$(PG_FIND); \
	if [ -z "$$bin" ] && [ -n "$$PGTEST_BIN" ]; then \
		echo "PGTEST_BIN=$$PGTEST_BIN lacks initdb, postgres or pg_ctl"; exit 1; fi; \
	[ -n "$$bin" ] || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "missing:$$missing — install them (sudo apt-get install$$missing) and rerun"; exit 1; \
		fi; \
		$(PG_FIND); \
		if [ -z "$$bin" ]; then \
			echo "no PostgreSQL 13 or later in /usr/lib/postgresql/N/bin after installing (set PGTEST_BIN to one)"; exit 1; fi; \
	fi; \
	echo "PostgreSQL for tests: $$bin"

test: test-deps
	$(GO) vet ./...
	$(GO) test $(RACE) -timeout 60m ./...
	@$(MAKE) --no-print-directory fuzz

# fuzz runs every fuzz target (every parser and decoder of outside bytes)
# for FUZZTIME each, on top of its kept seeds in testdata/fuzz; make test
# runs each for a fixed number of inputs (a count, not a duration, so a
# slow machine does the same work instead of cutting a slow input short),
# a longer hunt is `make fuzz FUZZTIME=5m`. A failure prints the fuzzer's
# report and leaves the crasher in testdata/fuzz.
FUZZTIME ?= 1000x
fuzz:
	@set -e; for f in $$(grep -rl --include='*_test.go' '^func Fuzz' . | sort); do \
		pkg=$$(dirname $$f); \
		for t in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' $$f); do \
			log=$$(mktemp); \
			if $(GO) test $$pkg -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) >$$log 2>&1; then \
				echo "fuzz ok   $$pkg $$t ($(FUZZTIME))"; rm -f $$log; \
			else cat $$log; rm -f $$log; echo "fuzz FAIL $$pkg $$t"; exit 1; fi; \
		done; \
	done

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# cross builds for the handhelds with Debian's cross compilers (cgo for SQLite).
cross:
	@for pkg in gcc-aarch64-linux-gnu:aarch64-linux-gnu-gcc gcc-arm-linux-gnueabihf:arm-linux-gnueabihf-gcc; do \
		cc=$${pkg#*:}; if ! command -v $$cc >/dev/null 2>&1; then \
			if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $${pkg%%:*} >/dev/null; \
			else echo "missing $$cc: sudo apt-get install $${pkg%%:*}"; exit 1; fi; fi; done
	@mkdir -p $(BIN)/linux-arm64 $(BIN)/linux-armv7
	GOOS=linux GOARCH=arm64 CC=aarch64-linux-gnu-gcc $(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/linux-arm64/ ./cmd/scanterm ./cmd/scanhub
	GOOS=linux GOARCH=arm GOARM=7 CC=arm-linux-gnueabihf-gcc $(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/linux-armv7/ ./cmd/scanterm ./cmd/scanhub

# package: the Debian packages in dist/ (configurations in packaging/),
# scanterm for amd64, arm64 and armhf, scanhub for amd64 and arm64, built
# with nfpm as a library from this machine's (amd64) and the cross builds.
package: build cross
	@test "$$($(GO) env GOARCH)" = amd64 || { echo "make package takes the amd64 binaries from $(BIN)/: run it on an amd64 machine"; exit 1; }
	@rm -f dist/*.deb
	$(GO) run ./packaging/internal/build --version "$(VERSION)" --out dist \
		--bin amd64=$(BIN) --bin arm64=$(BIN)/linux-arm64 --bin armhf=$(BIN)/linux-armv7

# test-deps-packaging: what the packaging tests run for real: the cross
# compilers (make cross), qemu-user-static to run the arm binaries, systemd
# (systemd-analyze verify) and udev (udevadm). Only as root, via apt.
test-deps: test-deps-packaging
test-deps-packaging:
	@missing=""; \
	command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || missing="$$missing gcc-aarch64-linux-gnu"; \
	command -v arm-linux-gnueabihf-gcc >/dev/null 2>&1 || missing="$$missing gcc-arm-linux-gnueabihf"; \
	command -v qemu-aarch64-static >/dev/null 2>&1 || missing="$$missing qemu-user-static"; \
	command -v systemd-analyze >/dev/null 2>&1 || missing="$$missing systemd"; \
	command -v udevadm >/dev/null 2>&1 || missing="$$missing udev"; \
	command -v dpkg-deb >/dev/null 2>&1 || missing="$$missing dpkg"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "missing:$$missing — install them (sudo apt-get install$$missing) and rerun"; exit 1; \
		fi; \
	fi

clean:
	rm -rf $(BIN) $(VAR) dist
