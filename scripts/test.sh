#!/usr/bin/env bash
# Runs every test of the project on a fresh machine: installs the external tools (PyPI, npm), builds the
# workspace once, runs the Rust test suites (unit, trybuild UI, conformance, end-to-end against moto and the
# in-repo Lambda Runtime API), then synthesizes every example and runs the real validators over the output.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

echo "== installing tools (quiet; skipped when present)"
scripts/install-tools.sh
export PATH="$root/.tools/venv/bin:$root/.tools/node/node_modules/.bin:$PATH"

# One build, no incremental state (it doubles the target folder and a test run never edits the source).
export CARGO_INCREMENTAL=0
echo "== building the workspace"
cargo build --workspace --all-targets --quiet
# End-to-end tests run the binaries of this build instead of building their packages again.
export LAMBDAFORM_TEST_BIN_DIR="$root/target/debug"

echo "== cargo test"
set +e
cargo test --workspace --no-fail-fast 2>&1 | tee target/cargo-test.log
status=${PIPESTATUS[0]}
set -e

# The conformance tests print their pass rates (by feature, by group), which cargo keeps to itself when they pass.
echo "== conformance figures"
# `--workspace` keeps the build's feature unification, so nothing is compiled again.
cargo test --quiet --workspace --test executions --test reference_suite -- --nocapture 2>&1 \
    | grep -v '^test result:\|^running\|^$' || status=1

echo "== synthesizing the examples"
examples=(photo-service order-workflow)
outs=()
for example in "${examples[@]}"; do
    out="target/synth/$example"
    mkdir -p "$out"
    # Read the manifest from the binary the workspace build made (building it alone would unify features anew).
    target/debug/lambdaform manifest --binary "target/debug/$example" >"target/synth/$example.manifest.json"
    target/debug/lambdaform synth --manifest "target/synth/$example.manifest.json" --out "$out"
    outs+=("$out")
done

echo "== external validators"
set +e
scripts/validate-outputs.sh "${outs[@]}" | tee target/validators.log
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
set -e

# One closing line over everything: Rust tests plus external checks.
passed=$(awk '/^test result:/ {s += $4} END {print s + 0}' target/cargo-test.log)
failed=$(awk '/^test result:/ {s += $6} END {print s + 0}' target/cargo-test.log)
passed=$((passed + $(grep -c '^PASS ' target/validators.log || true)))
failed=$((failed + $(grep -c '^FAIL ' target/validators.log || true)))
echo "summary: $passed passed, $failed failed"
exit "$status"
