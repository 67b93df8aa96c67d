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

echo "== building the workspace"
cargo build --workspace --all-targets --quiet

echo "== cargo test"
cargo test --workspace --no-fail-fast 2>&1 | tee target/cargo-test.log
status=${PIPESTATUS[0]}

echo "== synthesizing the examples"
examples=(photo-service)
outs=()
for example in "${examples[@]}"; do
    out="target/synth/$example"
    cargo run --quiet -p lambdaform-codegen -- synth --package "$example" --out "$out"
    outs+=("$out")
done

echo "== external validators"
scripts/validate-outputs.sh "${outs[@]}" || status=1

exit "$status"
