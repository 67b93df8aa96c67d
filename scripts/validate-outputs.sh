#!/usr/bin/env bash
# Validates `lambdaform synth` output folders with the real tools (installed by scripts/install-tools.sh):
#   cfn-lint on cloudformation.json; sam-translate (offline) then cfn-lint on template.yaml's translation;
#   `serverless package` (Framework v3, offline, dummy credentials) then cfn-lint on its CloudFormation;
#   checkov on cloudformation.json.
# Usage: scripts/validate-outputs.sh OUT_DIR... ; exits non-zero when any check fails. Prints seconds per step.
set -uo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.tools/venv/bin"
sls="$root/.tools/node/node_modules/.bin/serverless"
for tool in "$venv/cfn-lint" "$venv/checkov" "$sls"; do
    [ -x "$tool" ] || { echo "missing $tool: run scripts/install-tools.sh" >&2; exit 2; }
done
[ $# -gt 0 ] || { echo "usage: $0 OUT_DIR..." >&2; exit 2; }

failures=0
seconds() { # seconds START_NS END_NS: the difference with two decimals, in shell arithmetic only
    local centis=$(( ($2 - $1) / 10000000 ))
    printf '%d.%02d' $((centis / 100)) $((centis % 100))
}

step() { # step NAME DIR COMMAND...: runs a check, reports PASS/FAIL and its duration
    local name=$1 dir=$2; shift 2
    local log start end
    log="$(mktemp)"
    start=$(date +%s%N)
    if "$@" >"$log" 2>&1; then
        end=$(date +%s%N)
        printf 'PASS %-28s %-40s %6ss\n' "$name" "$dir" "$(seconds "$start" "$end")"
    else
        end=$(date +%s%N)
        printf 'FAIL %-28s %-40s %6ss\n' "$name" "$dir" "$(seconds "$start" "$end")"
        sed 's/^/    /' "$log" | head -60
        failures=$((failures + 1))
    fi
    rm -f "$log"
}

cfn_lint() { "$venv/cfn-lint" --format parseable "${@:2}" -- "$1"; }

sam_check() {
    local work=$1 dir=$2
    "$venv/python" "$root/scripts/sam_translate.py" "$dir/template.yaml" >"$work/sam-translated.json" && cfn_lint "$work/sam-translated.json"
}

serverless_check() {
    local work=$1 dir=$2
    cp "$dir/serverless.yml" "$work/"
    if [ -f "$dir/bootstrap.zip" ]; then
        cp "$dir/bootstrap.zip" "$work/"
    else
        # Templates are what is checked here: a folder synthesised with --no-build gets a stand-in artifact.
        printf '#!/bin/sh\n' >"$work/bootstrap" && (cd "$work" && "$venv/python" -m zipfile -c bootstrap.zip bootstrap)
    fi
    (cd "$work" && AWS_ACCESS_KEY_ID=validate AWS_SECRET_ACCESS_KEY=validate AWS_REGION=us-east-1 \
        SLS_TELEMETRY_DISABLED=1 SLS_NOTIFICATIONS_MODE=off "$sls" package --stage dev) &&
        # W3005 (a DependsOn that a Ref already implies) is the Framework's own style in resources it generates
        # (HttpApiStage, its routes, the provisioned-concurrency alias); every other rule applies.
        cfn_lint "$work/.serverless/cloudformation-template-update-stack.json" --ignore-checks W3005
}

for dir in "$@"; do
    dir="${dir%/}"
    work="$(mktemp -d)"
    step cfn-lint "$dir" cfn_lint "$dir/cloudformation.json"
    step "sam-translate + cfn-lint" "$dir" sam_check "$work" "$dir"
    step "serverless package + cfn-lint" "$dir" serverless_check "$work" "$dir"
    step checkov "$dir" env BC_SKIP_MAPPING=TRUE "$venv/checkov" --skip-download --quiet --compact --framework cloudformation -f "$dir/cloudformation.json"
    rm -rf "$work"
done
if [ $failures -gt 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all checks passed"
