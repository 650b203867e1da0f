# 政务公开工作台 — `make run` opens the app, `make test` runs every check.
# Both install what is missing first (Debian 12 packages, npm packages, tauri-driver)
# and install nothing on a second run.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CARGO_BIN := $(HOME)/.cargo/bin
export PATH := $(CARGO_BIN):$(PATH)

# System packages the app, its build and its tests need.
APT_PACKAGES := build-essential pkg-config file libwebkit2gtk-4.1-dev libxdo-dev libssl-dev \
	libayatana-appindicator3-dev librsvg2-dev xvfb xauth webkit2gtk-driver \
	poppler-utils fonts-noto-cjk zip dbus strace iproute2 desktop-file-utils curl \
	chromium chromium-driver libnss3-tools tesseract-ocr tesseract-ocr-chi-sim

APP := target/debug/disclosure-desk
XVFB := xvfb-run -a -s "-screen 0 1920x1080x24"
# Runs one stage of `make test` and notes its time (printed at the end).
STAGE := tests/stage.sh

.PHONY: help run test lan-e2e bench-lan aarch64 aarch64-deps aarch64-test bench-everyday deps apt-deps node-deps cargo-deps tauri-driver ui bins app cli fmt \
	clippy test-rust date-test crash-test fuzz test-ui e2e bindings bench bench-criterion bench-scan clean \
	package package-test nonet-test install-checks licenses icons windows windows-deps windows-test windows-installer-test

help:
	@echo "make run    安装缺少的依赖，构建并打开政务公开工作台"
	@echo "make test   安装缺少的依赖，运行全部检查与测试（含真实窗口的端到端测试）"

## ---- dependencies (each step checks before it installs) ----

# Installs those of the Debian packages $(1) that are not installed yet.
apt_install = missing=""; \
	for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "==> 安装系统软件包:$$missing"; \
	  $(SUDO) apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

deps: apt-deps node-deps cargo-deps tauri-driver

apt-deps:
	@$(call apt_install,$(APT_PACKAGES))
	@command -v node >/dev/null || { echo "缺少 Node.js（需要 20.19 或更新版本）"; exit 1; }
	@command -v cargo >/dev/null || { echo "缺少 Rust 工具链（cargo），请用 rustup 安装"; exit 1; }

node-deps: ui/node_modules/.package-lock.json tests/node_modules/.package-lock.json

ui/node_modules/.package-lock.json: ui/package.json ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund
	@touch $@

tests/node_modules/.package-lock.json: tests/package.json tests/package-lock.json
	cd tests && npm ci --no-audit --no-fund
	@touch $@

# Every crate of Cargo.lock for every platform, not only what the Linux build needs: the
# licence list (ui/src/licenses.test.ts) reads the Windows dependencies offline.
cargo-deps:
	cargo fetch --locked

tauri-driver:
	@command -v tauri-driver >/dev/null || { echo "==> 安装 tauri-driver"; cargo install tauri-driver --locked; }

## ---- build ----

ui: node-deps
	npm --prefix ui run build

# The app and the CLI in one cargo invocation: built one by one, cargo resolves the shared
# dependencies' features differently for each and every build recompiles the core. This is
# the build the e2e tests drive: with their dialog seams (`e2e`) and `gen-demo` (`demo`),
# neither of which the release build or the .deb has.
bins: ui
	cargo build --workspace --bins --features disclosure-desk/e2e,disclosure-cli/demo

app: bins

# The CLI alone (no UI build needed).
cli:
	cargo build -p disclosure-cli

run: apt-deps node-deps ui
	cargo run -p disclosure-desk

## ---- checks ----

# Each stage's time is printed at the end (and, when a stage fails, the times so far), with
# the disk space left after it. No incremental compilation: a clean run never reuses it, and
# its caches (several GB) are what filled the CI machine's disk.
test: export CARGO_INCREMENTAL := 0
test:
	@$(STAGE) --reset
	@$(STAGE) 安装依赖 $(MAKE) --no-print-directory deps
	@$(STAGE) 界面构建 $(MAKE) --no-print-directory ui
	@$(STAGE) 格式检查 $(MAKE) --no-print-directory fmt
	@$(STAGE) clippy $(MAKE) --no-print-directory clippy
	@$(STAGE) Rust测试 $(MAKE) --no-print-directory test-rust
	@$(STAGE) 多日期测试 $(MAKE) --no-print-directory date-test
	@$(STAGE) 崩溃测试 $(MAKE) --no-print-directory crash-test
	@$(STAGE) 界面测试 $(MAKE) --no-print-directory test-ui
	@$(STAGE) 端到端测试 $(MAKE) --no-print-directory e2e
	@$(STAGE) 局域网测试 $(MAKE) --no-print-directory lan-e2e
	@$(STAGE) 安装与无网络测试 $(MAKE) --no-print-directory install-checks
	@$(STAGE) Windows测试 $(MAKE) --no-print-directory windows-test
	@$(STAGE) ARM64测试 $(MAKE) --no-print-directory aarch64-test
	@$(STAGE) --report
	@echo "==> 全部检查通过"

# The install test (apt-get install of the .deb) and the no-network test (unshare -n) need
# root; as another user they are skipped with a note. Together about 5 minutes.
install-checks:
	@if [ "$$(id -u)" = 0 ]; then $(MAKE) --no-print-directory package-test nonet-test; \
	else echo "==> 跳过安装测试与无网络测试（需要 root：sudo make package-test nonet-test）"; fi

fmt:
	cargo fmt --all --check

clippy: ui
	cargo clippy --workspace --all-targets -- -D warnings

test-rust: ui
	cargo test --workspace

# The core's tests again with the system clock at each of 13 dates (tests/dates/run.sh):
# a week, the turn of the year, around the Spring Festival and 调休, a year not shipped.
date-test: ui
	tests/dates/run.sh

# 200 SIGKILLs of a child doing bulk work, each followed by the integrity checks
# (src-tauri/core/tests/crash.rs); about two minutes. CRASH_KILLS=N for more or fewer.
# `--workspace`, as `make test-rust` builds it: with `-p` cargo resolves the dependencies'
# features differently and builds them all a second time.
crash-test: ui
	cargo test --workspace --test tests -- --ignored --nocapture --exact crash::crash_safety_under_200_sigkills

# Fuzz every target for FUZZ_SECONDS (default 600) each, one process at a time, starting
# from the committed seeds (fuzz/seeds/); new inputs collect in fuzz/corpus/ (not committed).
# Needs the nightly toolchain; cargo-fuzz is installed when missing. Not run by `make test`.
# Logs go to target/fuzz-logs/; fuzz/summary.py prints runs, cov/ft and when cov last grew.
FUZZ_TARGETS := bundle_verify docx_text doc_text ppt_text xlsx_text ofd_text ofd_pages html_sanitize html_text
FUZZ_SECONDS ?= 600
fuzz:
	@cargo +nightly fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked
	mkdir -p target/fuzz-logs
	cd fuzz && for t in $(FUZZ_TARGETS); do \
	  mkdir -p corpus/$$t; \
	  cargo +nightly fuzz run $$t corpus/$$t seeds/$$t -- \
	    -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=30 -print_final_stats=1 \
	    2>&1 | tee ../target/fuzz-logs/$$t.log; \
	  test $${PIPESTATUS[0]} -eq 0 || exit 1; \
	done
	python3 fuzz/summary.py $(FUZZ_TARGETS:%=target/fuzz-logs/%.log)

test-ui: node-deps
	npm --prefix ui run typecheck
	npm --prefix ui test

e2e: bins tauri-driver
	cd tests && timeout --kill-after=30s 25m $(XVFB) npm run e2e

# Many people against one `disclosure serve` (release) over HTTPS, then SIGKILL under load:
# prints throughput and p50/p95/p99 per request kind with ratios to one person alone, and
# checks the audit chain, separation of duties and every acknowledged save. A bench, not a
# test (not in `make test`). BENCH_LAN_ARGS: e.g. --people 100 --seconds 60 --kills 20.
bench-lan:
	cargo build --release -p disclosure-cli
	cargo bench -p disclosure-server --bench lan -- $(BENCH_LAN_ARGS)

# The LAN: `disclosure serve` started by the test, a desk speaking HTTPS to it, Debian's
# chromium (through chromedriver, headless, 1366×768) as the browser desk, and the desktop
# app (tauri-driver, under Xvfb) connected to the server as a client.
lan-e2e: bins tauri-driver
	cd tests && timeout --kill-after=30s 15m $(XVFB) npm run lan

## ---- packaging ----

TAURI := ../ui/node_modules/.bin/tauri
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)

# The .deb for office PCs (release build, offline): target/release/bundle/deb/.
# The CLI goes in as /usr/bin/disclosure (bundle.linux.deb.files takes it from target/package/).
package: apt-deps node-deps
	cargo build --release -p disclosure-cli
	mkdir -p target/package && cp target/release/disclosure target/package/disclosure
	cd src-tauri && $(TAURI) build --bundles deb --ci
	@ls -1 target/release/bundle/deb/*_$(VERSION)_amd64.deb

# Builds the same .deb from the debug build (faster), installs it with apt-get, checks the
# desktop entry, icons and CLI, starts the installed app under Xvfb, then removes it.
package-test: apt-deps node-deps tauri-driver
	cargo build -p disclosure-cli
	mkdir -p target/package && cp target/debug/disclosure target/package/disclosure
	cd src-tauri && $(TAURI) build --debug --bundles deb --ci
	tests/package/install-test.sh target/debug/bundle/deb/*_$(VERSION)_amd64.deb

# The CLI's full path and the app's bundle e2e inside `unshare -n` (root); see the script.
nonet-test: bins tauri-driver
	tests/nonet/nonet-test.sh

## ---- ARM64 servers (麒麟/统信 on 飞腾、鲲鹏): the CLI and `disclosure serve` ----

ARM_TARGET := aarch64-unknown-linux-gnu
ARM_ENV := CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc \
	CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc AR_aarch64_unknown_linux_gnu=aarch64-linux-gnu-ar

# Debian's cross compiler and C library for ARM64, qemu-user to run the result here, and
# Rust's standard library for the target.
aarch64-deps:
	@$(call apt_install,gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user-static curl python3 file)
	@rustup target list --installed | grep -qx $(ARM_TARGET) || rustup target add $(ARM_TARGET)

# The CLI for ARM64 (it has the server; no WebKit): target/aarch64-unknown-linux-gnu/release/disclosure.
aarch64: aarch64-deps
	$(ARM_ENV) cargo build --release -p disclosure-cli --target $(ARM_TARGET)
	@ls -l target/$(ARM_TARGET)/release/disclosure

# The debug build run under qemu-user: init, serve, sign in, one item through review over
# HTTPS, the export downloaded and verified (tests/aarch64/smoke.sh).
aarch64-test: aarch64-deps
	$(ARM_ENV) cargo build -p disclosure-cli --target $(ARM_TARGET)
	tests/aarch64/smoke.sh target/$(ARM_TARGET)/debug/disclosure

## ---- Windows (cross-built here with mingw-w64, tested under Wine) ----

WIN_TARGET := x86_64-pc-windows-gnu
WIN_PACKAGES := mingw-w64 wine64 nsis

# The cross toolchain: Debian's mingw-w64 (linker, windres), Wine 8 (tests) and NSIS
# (installer), and Rust's standard library for the GNU Windows target.
windows-deps:
	@$(call apt_install,$(WIN_PACKAGES))
	@rustup target list --installed | grep -qx $(WIN_TARGET) || rustup target add $(WIN_TARGET)

# The Windows programs and their installer, all built here: disclosure.exe (the CLI) and
# disclosure-desk.exe (the app; it needs WebView2 on the PC) in target/windows/, stripped,
# and the NSIS installer target/windows/政务公开工作台_<版本>_x64-setup.exe made by Debian's
# makensis from src-tauri/packaging/windows/installer.nsi (tauri's own NSIS bundler fetches
# plugins from GitHub at build time). WIN_PROFILE=debug builds faster, for trying it out.
# WEBVIEW2_INSTALLER=path/MicrosoftEdgeWebView2RuntimeInstallerX64.exe embeds Microsoft's
# offline WebView2 installer (downloaded on a networked machine) for PCs without it.
WIN_PROFILE ?= release
WIN_CARGO_PROFILE := $(if $(filter debug,$(WIN_PROFILE)),dev,$(WIN_PROFILE))
WIN_SETUP := target/windows/政务公开工作台_$(VERSION)_x64-setup.exe
windows: windows-deps ui
	cargo build --locked --profile $(WIN_CARGO_PROFILE) --target $(WIN_TARGET) -p disclosure-cli -p disclosure-desk
	mkdir -p target/windows
	for f in disclosure disclosure-desk; do \
	  x86_64-w64-mingw32-strip -o target/windows/$$f.exe target/$(WIN_TARGET)/$(WIN_PROFILE)/$$f.exe; \
	done
	makensis -V2 -DVERSION=$(VERSION) -DAPP_EXE=$(CURDIR)/target/windows/disclosure-desk.exe \
	  -DCLI_EXE=$(CURDIR)/target/windows/disclosure.exe -DICON=$(CURDIR)/src-tauri/icons/icon.ico \
	  $(if $(WEBVIEW2_INSTALLER),-DWEBVIEW2_INSTALLER=$(abspath $(WEBVIEW2_INSTALLER))) \
	  -DOUT_FILE=$(CURDIR)/$(WIN_SETUP) src-tauri/packaging/windows/installer.nsi
	@ls -l target/windows/*.exe

# The installer from `make windows` installed, its CLI run and uninstalled under Wine
# (tests/windows/installer-test.sh). Not part of `make test`: the app's cross-build and
# the compression take about a quarter of an hour here.
windows-installer-test: windows
	tests/windows/installer-test.sh "$(WIN_SETUP)"

# The Windows CLI (debug, with gen-demo for the lock check) through the whole flow under
# Wine with Windows paths: tests/windows/wine-test.sh.
windows-test: windows-deps
	cargo build --locked -p disclosure-cli --features demo --target $(WIN_TARGET)
	tests/windows/wine-test.sh target/$(WIN_TARGET)/debug/disclosure.exe

# Rewrite ui/src/licenses.json from Cargo and npm metadata (commit the result).
licenses: node-deps
	node ui/scripts/licenses.mjs

# Regenerate src-tauri/icons/ from the one source image (commit the result).
icons: node-deps
	cd ui && npx tauri icon ../assets/icon.png -o ../src-tauri/icons
	rm -rf src-tauri/icons/android src-tauri/icons/ios

# Rewrite ui/src/bindings/ from the Rust types (commit the result).
bindings:
	UPDATE_BINDINGS=1 cargo test -p disclosure-core --test tests bindings
	UPDATE_BINDINGS=1 cargo test -p disclosure-api --lib typescript

clean:
	cargo clean
	rm -rf ui/dist ui/node_modules tests/node_modules

# Bureau-scale figures in one table (release build): generates 100,000 items, measures the
# list, search, dashboard, a batch approval, audit verification and the app's start-up under
# Xvfb (e2e port DESK_E2E_PORT, default 4944) with the release app, each with its peak
# memory. DESK_BENCH_DIR keeps (and reuses) the generated data directory.
bench: apt-deps node-deps tauri-driver
	cd src-tauri && $(TAURI) build --no-bundle --ci
	DESK_E2E_PORT=$${DESK_E2E_PORT:-4944} DESK_APP=$(CURDIR)/target/release/disclosure-desk \
	  cargo bench -p disclosure-core --bench scale

# The everyday flow's timings with the release build (median of 5 each, a Markdown table for
# the README): start-up, sign-in, open, save, submit, each decision, one sheet, 20 exported.
bench-everyday: apt-deps node-deps tauri-driver
	cd src-tauri && $(TAURI) build --no-bundle --ci
	cargo build --release -p disclosure-cli
	cd tests && DESK_APP=$(CURDIR)/target/release/disclosure-desk DESK_CLI=$(CURDIR)/target/release/disclosure \
	  $(XVFB) node bench/everyday.mjs

# What the benches need besides the app's packages: ripgrep, the scan bench's baseline.
BENCH_PACKAGES := ripgrep

# A ~100 MB text file scanned as the app scans it (streaming) and read whole as before,
# beside ripgrep with eight comparable patterns in the same run: MB/s, the ratio and each
# scan's peak memory (src-tauri/core/benches/scan_stream.rs). SCAN_STREAM_MB=N for another size.
bench-scan: apt-deps
	@$(call apt_install,$(BENCH_PACKAGES))
	cargo bench -p disclosure-core --bench scan_stream

# The criterion benches of single functions (the bundle bench writes 1 GB to a temp dir).
bench-criterion: apt-deps
	cargo bench -p disclosure-core --bench items
	cargo bench -p disclosure-core --bench scan
	cargo bench -p disclosure-core --bench sheet
	cargo bench -p disclosure-core --bench bundle
	cargo bench -p disclosure-core --bench durability
	cargo bench -p disclosure-core --bench ocr
