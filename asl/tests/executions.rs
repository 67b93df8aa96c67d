//! Runs every recorded AWS execution in `tests/data/asl-executions.json` through the executor and
//! compares status, output, error and cause with what AWS answered.

use std::collections::{BTreeMap, BTreeSet};

use lambdaform_asl::exec::{Clock, Executor, NoTasks, Status};
use lambdaform_asl::model::StateMachine;
use serde_json::Value;

const DATA: &str = include_str!("data/asl-executions.json");
const KNOWN_FAILING: &str = include_str!("data/known-failing-executions.txt");

/// Runs one entry; `Err` explains the mismatch.
async fn check(entry: &Value) -> Result<(), String> {
    let machine =
        StateMachine::from_value(entry["definition"].clone()).map_err(|e| format!("definition does not parse: {e}"))?;
    let start =
        chrono::DateTime::parse_from_rfc3339("2024-01-01T00:00:00Z").expect("constant").with_timezone(&chrono::Utc);
    let result = Executor::new(machine, NoTasks).with_clock(Clock::Virtual(start)).start(entry["input"].clone()).await;
    let expected = &entry["expected"];
    let got = result.to_json(false);
    let status_ok = expected["status"] == got["status"];
    let body_ok = match result.status {
        Status::Succeeded => expected["output"] == got["output"],
        Status::Failed | Status::TimedOut | Status::Aborted => {
            expected["error"] == got["error"] && expected["cause"] == got["cause"]
        }
    };
    if status_ok && body_ok {
        Ok(())
    } else {
        Err(format!("expected {expected} got {got}"))
    }
}

/// Every feature label of an entry: state types, flags and intrinsic functions.
fn features(entry: &Value) -> Vec<String> {
    let f = &entry["features"];
    let mut out = Vec::new();
    if let Some(m) = f["state_types"].as_object() {
        out.extend(m.keys().map(|k| format!("state:{k}")));
    }
    for key in ["flags", "intrinsics"] {
        if let Some(a) = f[key].as_array() {
            out.extend(a.iter().filter_map(Value::as_str).map(|s| format!("{key}:{s}")));
        }
    }
    out
}

#[test]
fn recorded_aws_executions() {
    let entries: Vec<Value> = serde_json::from_str(DATA).expect("valid test data");
    let known: BTreeMap<&str, &str> = KNOWN_FAILING
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split_once(" => ").map(|(n, r)| (n.trim(), r.trim())).unwrap_or((l.trim(), "")))
        .collect();
    let rt = tokio::runtime::Builder::new_current_thread().enable_time().build().expect("runtime");
    let mut per_feature: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let (mut passed, mut unexpected, mut fixed) = (0, Vec::new(), Vec::new());
    let mut failing_now = BTreeSet::new();
    for entry in &entries {
        let name = entry["name"].as_str().unwrap_or_default();
        let outcome = rt.block_on(check(entry));
        for f in features(entry) {
            let e = per_feature.entry(f).or_default();
            e.1 += 1;
            if outcome.is_ok() {
                e.0 += 1;
            }
        }
        match outcome {
            Ok(()) => {
                passed += 1;
                if known.contains_key(name) {
                    fixed.push(name.to_string());
                }
            }
            Err(why) => {
                failing_now.insert(name.to_string());
                if !known.contains_key(name) {
                    unexpected.push(format!("{name} => {why}"));
                }
            }
        }
    }
    println!("pass rate by feature:");
    for (f, (ok, total)) in &per_feature {
        println!("  {f:40} {ok:4}/{total:<4} {:6.1}%", *ok as f64 * 100.0 / *total as f64);
    }
    println!("overall: {passed}/{} ({:.1}%)", entries.len(), passed as f64 * 100.0 / entries.len() as f64);
    for name in &fixed {
        println!("now passing, remove from known-failing-executions.txt: {name}");
    }
    assert!(unexpected.is_empty(), "{} unexpected failures:\n{}", unexpected.len(), unexpected.join("\n"));
}
