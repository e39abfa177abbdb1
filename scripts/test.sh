#!/usr/bin/env bash
# Runs every test of blomma: the Rust tests (unit, fixtures, snapshots, serve), then the
# browser checks against the built example site (axe-core WCAG 2.x A/AA in light and dark,
# keyboard, 320 px reflow, CSP, layout at four widths, Nu Html Checker, search quality,
# live reload).
# Installs what it needs on a fresh Debian machine: Debian's chromium and a JRE, and the
# npm packages pinned in tests/browser/package-lock.json.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "== cargo test"
cargo test --all-targets 2>&1

# RUSTDOCFLAGS reach rustdoc only: the dependencies are checked once and kept, not rebuilt
# with other flags (RUSTFLAGS would rebuild them all).
echo "== docs (broken intra-doc links and other rustdoc warnings fail)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --document-private-items --quiet 2>&1

echo "== clippy"
cargo clippy --all-targets --quiet -- -D warnings 2>&1

echo "== browser checks: setup"
bash tests/browser/setup.sh

echo "== build the example site"
cargo build --quiet
site="$(mktemp -d)"
trap 'rm -rf "$site"' EXIT
./target/debug/blomma build --output "$site/public"
./target/debug/blomma build --output "$site/sub" --base-url https://example.org/some/path/

failed=0
run() { echo "== $1"; shift; "$@" || failed=1; }
run "axe-core, keyboard, reflow, CSP" node tests/browser/a11y.mjs --site "$site/public" --artifacts target/browser-artifacts
run "layout at 320, 768, 1280, 1920 px" node tests/browser/layout.mjs --site "$site/public"
run "Nu Html Checker" node tests/browser/vnu.mjs --site "$site/public"
run "search quality (recall@3)" node tests/browser/recall.mjs --site "$site/public" --queries tests/browser/queries.json
run "search under a base path" node tests/browser/recall.mjs --site "$site/sub" --base /some/path/ --queries tests/browser/queries.json
cargo run --quiet --example site -- "$site/search-fixture" /some/path/
run "test server (Node)" node --test tests/browser/serve.test.mjs
# 10 s a target here (the script's own default is 20): the seeds run first either way, and
# the suite stays well under 20 minutes on a fresh machine (fuzz/README.md for longer runs).
run "fuzz smoke (each cargo-fuzz target briefly, when nightly is present)" env FUZZ_SECONDS="${FUZZ_SECONDS:-10}" bash scripts/fuzz-smoke.sh
run "search engine (Node)" env BLOMMA_SITE="$site/search-fixture" node --test tests/js/
exit "$failed"
