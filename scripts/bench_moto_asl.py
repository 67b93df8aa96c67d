#!/usr/bin/env python3
"""Runs the ASL executions corpus through moto's Step Functions interpreter, in-process.

Used by the `executor` bench of lambdaform-asl (asl/benches/executor), which launches it as a
subprocess and compares the figures with its own. Usage:

    .tools/venv/bin/python scripts/bench_moto_asl.py asl/tests/data/asl-executions.json [timeout-seconds]

Prints one JSON document on stdout:
    {"moto": "<version>", "entries": [{"name", "outcome", "seconds"}, ...]}
where outcome is "reproduced" (status and output, or error and cause, equal AWS's recorded ones),
"different" (ended with another outcome), "rejected" (moto refused the definition) or "timeout".
`seconds` covers creating the state machine from its JSON text and running the execution to its end.
"""

import json
import logging
import sys
import time

import moto
from moto import mock_aws
from moto.stepfunctions.parser.models import stepfunctions_parser_backends
from moto.stepfunctions.parser.utils import TMP_THREADS

ACCOUNT = "123456789012"
REGION = "us-east-1"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/bench"
CONFIG = {"stepfunctions": {"execute_state_machine": True}}


def run_one(backend, index, definition_text, input_text, timeout):
    """Creates the machine and runs one execution; returns (outcome object, seconds) or raises."""
    started = time.perf_counter()
    machine = backend.create_state_machine(name=f"m{index}", definition=definition_text, roleArn=ROLE)
    threads_before = len(TMP_THREADS)
    execution = backend.start_execution(machine.arn, name=f"e{index}", execution_input=input_text)
    # The execution runs on a worker thread registered in TMP_THREADS; joining it avoids polling delays.
    worker = TMP_THREADS[threads_before] if len(TMP_THREADS) > threads_before else None
    if worker is not None:
        worker.join(timeout)
        if worker.is_alive():
            return None, time.perf_counter() - started
    return execution, time.perf_counter() - started


def same_outcome(execution, expected):
    status = execution.exec_status.value if execution.exec_status is not None else None
    if status != expected["status"]:
        return False
    if status == "SUCCEEDED":
        return execution.output == expected.get("output")
    return execution.error == expected.get("error") and execution.cause == expected.get("cause")


def main():
    if len(sys.argv) < 2:
        print("usage: bench_moto_asl.py CORPUS.json [timeout-seconds]", file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        corpus = json.load(f)
    timeout = float(sys.argv[2]) if len(sys.argv) > 2 else 10.0
    # moto logs every failing state at length; the figures are what matters here.
    logging.disable(logging.CRITICAL)
    results = []
    with mock_aws(config=CONFIG):
        backend = stepfunctions_parser_backends[ACCOUNT][REGION]
        # The first definition loads moto's ANTLR parser (seconds); keep that out of the figures.
        warm = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
        run_one(backend, "warmup", json.dumps(warm), "{}", timeout)
        for index, entry in enumerate(corpus):
            definition_text = json.dumps(entry["definition"])
            input_text = json.dumps(entry["input"])
            started = time.perf_counter()
            try:
                execution, seconds = run_one(backend, index, definition_text, input_text, timeout)
            except Exception:  # moto refuses the definition or the input: reported, not fatal
                results.append({"name": entry["name"], "outcome": "rejected", "seconds": time.perf_counter() - started})
                continue
            if execution is None:
                outcome = "timeout"
            elif same_outcome(execution, entry["expected"]):
                outcome = "reproduced"
            else:
                outcome = "different"
            results.append({"name": entry["name"], "outcome": outcome, "seconds": seconds})
    json.dump({"moto": moto.__version__, "entries": results}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
