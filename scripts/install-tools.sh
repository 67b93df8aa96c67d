#!/usr/bin/env bash
# Installs the external validators the synth outputs are checked with, into .tools/ at the repository root.
# Quiet and idempotent: each tool is skipped when it is already there. Only PyPI and npm are contacted.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.tools"
venv="$tools/venv"
node="$tools/node"
mkdir -p "$tools"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
missing=()
[ -x "$venv/bin/cfn-lint" ] || missing+=(cfn-lint)
"$venv/bin/python" -c "import samtranslator" 2>/dev/null || missing+=(aws-sam-translator)
[ -x "$venv/bin/checkov" ] || missing+=(checkov)
"$venv/bin/python" -c "import moto.server" 2>/dev/null || missing+=("moto[server]")
if [ ${#missing[@]} -gt 0 ]; then
    "$venv/bin/pip" install -q --disable-pip-version-check "${missing[@]}"
fi

need_npm=()
[ -x "$node/node_modules/.bin/serverless" ] || need_npm+=(serverless@3)
[ -d "$node/node_modules/serverless-step-functions" ] || need_npm+=(serverless-step-functions)
[ -x "$node/node_modules/.bin/asl-validator" ] || need_npm+=(asl-validator)
if [ ${#need_npm[@]} -gt 0 ]; then
    mkdir -p "$node"
    npm install --silent --no-audit --no-fund --prefix "$node" "${need_npm[@]}" >/dev/null
fi
