# Paydesk's commands. The two a newcomer needs:
#   make run    install what is missing, build, and launch the app (sandbox mode)
#   make test   install what is missing and run every check and test
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

# A private Node.js, if setup had to install one (see scripts/setup.sh).
export PATH := $(HOME)/.cache/paydesk/node/bin:$(PATH)
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)

.PHONY: help run test setup-run setup-test ui bindings fmt lint test-rust test-keyring test-ui test-ui-browser smoke e2e measure long-session deb

help:
	@echo "make run    build and launch Paydesk (sandbox mode)"
	@echo "make test   run every check and test"
	@echo "make bindings   regenerate ui/src/lib/bindings.ts from the Rust commands"
	@echo "make e2e    end-to-end scenarios on the release app under Xvfb, and the .deb check"
	@echo "make measure    start-up time and memory beside a bare Tauri app, sandbox history and 1,000,000 cached transactions (JSON)"
	@echo "make long-session   30 busy minutes of the release app, memory sampled (JSON; LONG_SESSION_MINUTES)"
	@echo "make deb    build the Debian package"

setup-run:
	@scripts/setup.sh run

setup-test:
	@scripts/setup.sh test

# The shell embeds ui/dist at compile time, so the UI is built before any cargo step that
# compiles it.
ui:
	npm --prefix ui run build

run: setup-run ui
	cargo run -p paydesk -- --sandbox

test: setup-test ui lint test-rust test-keyring test-ui test-ui-browser smoke e2e

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	npm --prefix ui run check

test-rust:
	cargo test --workspace

# The keyring tests, against a throwaway gnome-keyring in its own D-Bus session.
test-keyring:
	scripts/keyring-test.sh

test-ui:
	npm --prefix ui test

# The UI's Playwright specs in the system's headless Chromium, IPC mocked (screenshots in
# ui/test-results/screenshots/).
test-ui-browser:
	scripts/ui-browser-test.sh

# The app binary as `cargo test --workspace` builds it (same features as the tests, so after
# test-rust nothing is compiled again; a plain `cargo build` would rebuild the whole Tauri tree
# without the test-only tokio features).
smoke:
	cargo test --workspace --no-run
	scripts/smoke.sh "$(TARGET_DIR)/debug/paydesk"

# End to end: the release app (UI embedded) driven through tauri-driver under Xvfb, then the
# .deb built and unpacked. Screenshots in e2e/artifacts/.
# The standalone simulators' binary (scenario 7's local provider) comes from the workspace's test
# build, like the smoke test's app binary, so nothing is compiled with other features.
e2e: setup-test ui deb
	cargo test --workspace --no-run
	scripts/e2e.sh

# The installable Debian package, with the Tauri CLI from e2e's npm packages. The CLI does the
# release build itself (with its own environment, so a plain `cargo build --release` after it
# rebuilds the shell crate): e2e tests that binary.
deb: setup-test ui
	scripts/deb.sh

# Start-up time, Transactions page time, idle memory and binary size, beside the floor (a bare
# Tauri app, e2e/floor), on the sandbox's history and on MEASURE_ROWS cached transactions
# (default 1,000,000), as JSON; no test asserts on them.
measure: setup-test ui
	scripts/measure.sh

# A long session, accelerated: the release app kept busy for LONG_SESSION_MINUTES (default 30)
# with the sync every LONG_SESSION_SYNC_EVERY seconds (default 30), its memory sampled every
# 30 s (JSON). Not part of `make test`.
long-session: setup-test ui
	scripts/long-session.sh

bindings:
	PAYDESK_UPDATE_BINDINGS=1 cargo test -p paydesk --test bindings

fmt:
	cargo fmt --all

# Benchmarks (figures printed as JSON; no test asserts on time): the store at BENCH_ROWS rows,
# then a full sync of SYNC_BENCH_RECORDS records from the in-process sandbox over loopback.
BENCH_ROWS ?= 1000000
SYNC_BENCH_RECORDS ?= 200000
.PHONY: bench
bench:
	cargo build --release -p paydesk-store --bin store-bench -p paydesk-engine --example sync-bench
	"$(TARGET_DIR)/release/store-bench" --rows $(BENCH_ROWS)
	"$(TARGET_DIR)/release/examples/sync-bench" --records $(SYNC_BENCH_RECORDS)
