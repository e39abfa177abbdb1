#!/usr/bin/env bash
# Fuzz smoke test: runs each cargo-fuzz target under fuzz/ for a bounded time on its seed
# corpus (fuzz/seeds/<target>/) and fails on any crash (panic, abort, out of memory,
# timeout). Needs the nightly toolchain; without it, says so and succeeds. Installs
# cargo-fuzz from crates.io when it is missing (bounded by FUZZ_INSTALL_TIMEOUT).
#
#   FUZZ_SECONDS=20          time per target
#   FUZZ_INSTALL_TIMEOUT=300 seconds allowed for `cargo install cargo-fuzz`
#   FUZZ_TARGET_DIR          where the instrumented build goes; outside the checkout by
#                            default (~/.cache/blomma/fuzz-target), so that a fresh clone
#                            on the same machine (CI) does not build the targets again
#
# Longer runs and the recorded results: fuzz/README.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds="${FUZZ_SECONDS:-20}"
install_timeout="${FUZZ_INSTALL_TIMEOUT:-300}"
target_dir="${FUZZ_TARGET_DIR:-${HOME:-/root}/.cache/blomma/fuzz-target}"
mkdir -p "$target_dir"

if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "fuzz smoke: skipped (no nightly toolchain)"
    exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "== fuzz smoke: installing cargo-fuzz (at most ${install_timeout} s)"
    if ! timeout "$install_timeout" cargo install cargo-fuzz --locked --quiet; then
        echo "fuzz smoke: skipped (cargo-fuzz is not installed and could not be installed)"
        exit 0
    fi
fi

start=$SECONDS
echo "== fuzz smoke: building the fuzz targets"
(cd fuzz && cargo +nightly fuzz build --target-dir "$target_dir")
echo "   built in $((SECONDS - start)) s"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0
for target in $(cd fuzz && cargo +nightly fuzz list); do
    echo "== fuzz smoke: $target for ${seconds} s"
    mkdir -p "$work/$target"
    log="$work/$target.log"
    # New inputs go to the temporary corpus; the committed seeds are only read.
    if (cd fuzz && cargo +nightly fuzz run --target-dir "$target_dir" "$target" "$work/$target" "seeds/$target" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1) \
        >"$log" 2>&1; then
        grep -E '^stat::number_of_executed_units' "$log" | sed 's/^/   /' || true
    else
        failed=1
        tail -n 60 "$log"
        echo "fuzz smoke: $target FAILED; the input is under fuzz/artifacts/$target/ (see fuzz/README.md)"
    fi
done
if [ "$failed" != 0 ]; then
    exit 1
fi
echo "fuzz smoke: ok ($((SECONDS - start)) s in all)"
