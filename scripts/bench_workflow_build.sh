#!/usr/bin/env bash
# Build time of examples/order-workflow with and without its `#[state_machine] order` item, as a ratio.
#
# Both variants build in the same run and target dir: the default features (with the machine) and
# `--no-default-features` (the `workflow` module cfg'd out). Dependencies are built once first; each timed
# round touches the crate's source and rebuilds it (library and bootstrap binary), alternating the variants so
# load on the machine hits both alike. Incremental compilation is off unless CARGO_INCREMENTAL=1 is set, so
# each round compiles the whole crate, the macro's generated code included. The ratio is of CPU time (user + system, of cargo and the rustc it runs), which other work on a shared
# machine barely moves; wall-clock medians are printed too. Target: at most 1.10.
#
# Usage: scripts/bench_workflow_build.sh [ROUNDS]   (default 5; CARGO_TARGET_DIR is honoured)
set -euo pipefail

rounds="${1:-5}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target/bench-workflow}"
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
source_file="examples/order-workflow/src/lib.rs"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

build() { # $1: with | without
    if [ "$1" = with ]; then
        cargo build --quiet -p order-workflow
    else
        cargo build --quiet -p order-workflow --no-default-features
    fi
}

echo "warming up (dependencies of both variants)..." >&2
build with 2>"$scratch/warmup.log" || { cat "$scratch/warmup.log" >&2; exit 1; }
build without 2>>"$scratch/warmup.log" || { cat "$scratch/warmup.log" >&2; exit 1; }

with_cpu=() without_cpu=() with_wall=() without_wall=()
TIMEFORMAT='%R %U %S'
for round in $(seq 1 "$rounds"); do
    for variant in with without; do
        touch "$source_file"
        if ! { time build "$variant" 2>"$scratch/build.log"; } 2>"$scratch/time"; then
            cat "$scratch/build.log" >&2
            exit 1
        fi
        read -r wall user sys <"$scratch/time"
        cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f", u + s }')"
        if [ "$variant" = with ]; then
            with_cpu+=("$cpu") with_wall+=("$wall")
        else
            without_cpu+=("$cpu") without_wall+=("$wall")
        fi
        echo "round $round: $variant the state machine: cpu ${cpu}s, wall ${wall}s"
    done
done

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
wc="$(median "${with_cpu[@]}")" woc="$(median "${without_cpu[@]}")"
ww="$(median "${with_wall[@]}")" wow="$(median "${without_wall[@]}")"
echo "median cpu:  with ${wc}s, without ${woc}s"
echo "median wall: with ${ww}s, without ${wow}s (wall ratio $(ratio "$ww" "$wow")x)"
best() { printf '%s\n' "$@" | sort -n | head -n 1; }
wb="$(best "${with_cpu[@]}")" wob="$(best "${without_cpu[@]}")"
echo "best cpu:    with ${wb}s, without ${wob}s (best-of ratio $(ratio "$wb" "$wob")x: the rounds least disturbed by other load)"
echo "ratio: $(ratio "$wc" "$woc")x (median cpu; CARGO_INCREMENTAL=$CARGO_INCREMENTAL; target <= 1.10x)"
