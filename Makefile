# Paydesk's commands. The two a newcomer needs:
#   make run    install what is missing, build, and launch the app (sandbox mode)
#   make test   install what is missing and run every check and test
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

# A private Node.js, if setup had to install one (see scripts/setup.sh).
export PATH := $(HOME)/.cache/paydesk/node/bin:$(PATH)
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)

.PHONY: help run test setup-run setup-test ui bindings fmt lint test-rust test-keyring test-ui test-ui-browser smoke

help:
	@echo "make run    build and launch Paydesk (sandbox mode)"
	@echo "make test   run every check and test"
	@echo "make bindings   regenerate ui/src/lib/bindings.ts from the Rust commands"

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

test: setup-test ui lint test-rust test-keyring test-ui test-ui-browser smoke

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
