#!/usr/bin/env bash
# Validates `lambdaform synth` output folders with the real tools (installed by scripts/install-tools.sh):
#   cfn-lint on cloudformation.json; sam-translate (offline) then cfn-lint on template.yaml's translation;
#   `serverless package` (Framework v3, offline, dummy credentials) then cfn-lint on its CloudFormation;
#   checkov on cloudformation.json; asl-validator (npm) on every state machine definition in cloudformation.json
#   (a no-op for services without state machines).
# Usage: scripts/validate-outputs.sh OUT_DIR... ; exits non-zero when any check fails. Prints seconds per step.
set -uo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.tools/venv/bin"
sls="$root/.tools/node/node_modules/.bin/serverless"
asl_validator="$root/.tools/node/node_modules/.bin/asl-validator"
for tool in "$venv/cfn-lint" "$venv/checkov" "$sls" "$asl_validator"; do
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
    # Plugins (serverless-step-functions) resolve from the service folder's node_modules.
    ln -s "$root/.tools/node/node_modules" "$work/node_modules"
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

# Writes each state machine's DefinitionString out of cloudformation.json, its `${Key}` substitutions replaced by
# dummy values of the shape the key's logical ID names (functions, machines and topics by ARN, queues by URL,
# tables and buckets by name); prints the files written, none for a service without machines.
extract_definitions() {
    local template=$1 out=$2
    "$venv/python" - "$template" "$out" <<'PY'
import json, re, sys
template, out = sys.argv[1], sys.argv[2]
resources = json.load(open(template)).get("Resources", {})
def dummy(key):
    arn = "arn:aws:{}:us-east-1:123456789012:{}"
    if key.endswith("StateMachine"):
        return arn.format("states", "stateMachine:" + key)
    if key.endswith("Function"):
        return arn.format("lambda", "function:" + key)
    if key.endswith("Topic"):
        return arn.format("sns", key)
    if key.endswith("Queue"):
        return "https://sqs.us-east-1.amazonaws.com/123456789012/" + key
    return key.lower()
for logical_id, resource in sorted(resources.items()):
    if resource.get("Type") != "AWS::StepFunctions::StateMachine":
        continue
    text = resource["Properties"]["DefinitionString"]
    # With references, synth writes {"Fn::Sub": [text, variables]}; `${!` is Fn::Sub's escape for a literal `${`.
    if isinstance(text, dict):
        text = text["Fn::Sub"][0]
    text = re.sub(r"\$\{([A-Za-z0-9_]+)\}", lambda m: dummy(m.group(1)), text).replace("${!", "${")
    path = f"{out}/{logical_id}.asl.json"
    open(path, "w").write(text)
    print(path)
PY
}

asl_check() {
    local work=$1 dir=$2 definitions
    definitions="$(extract_definitions "$dir/cloudformation.json" "$work")" || return 1
    [ -n "$definitions" ] || { echo "no state machines"; return 0; }
    local failed=0
    while read -r definition; do
        "$asl_validator" --json-path "$definition" || failed=1
    done <<<"$definitions"
    return $failed
}

for dir in "$@"; do
    dir="${dir%/}"
    work="$(mktemp -d)"
    step cfn-lint "$dir" cfn_lint "$dir/cloudformation.json"
    step "sam-translate + cfn-lint" "$dir" sam_check "$work" "$dir"
    step "serverless package + cfn-lint" "$dir" serverless_check "$work" "$dir"
    step asl-validator "$dir" asl_check "$work" "$dir"
    step checkov "$dir" env BC_SKIP_MAPPING=TRUE "$venv/checkov" --skip-download --quiet --compact --framework cloudformation -f "$dir/cloudformation.json"
    rm -rf "$work"
done
if [ $failures -gt 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all checks passed"
