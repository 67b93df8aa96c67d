//! Task mocks in the AWS Step Functions Local `MockConfigFile` format.
//!
//! `StateMachines.<machine>.TestCases.<case>.<state>` names a mocked response;
//! `MockedResponses.<name>` maps invocation numbers (`"0"`, `"1-2"`) to `{"Return": ...}` or
//! `{"Throw": {"Error", "Cause"}}`. The n-th call of a state (retries included) uses key n.
//! lambdaform adds one optional field to a response, `"DurationSeconds": N`: the task runs N seconds of
//! virtual time before it answers, so `TimeoutSeconds` can be tested (Step Functions Local has no such field).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use futures::future::BoxFuture;
use serde::Deserialize;
use serde_json::Value;

use super::resolver::{TaskOutcome, TaskRequest, TaskResolver};

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct MockConfigFile {
    #[serde(default)]
    state_machines: HashMap<String, MachineMocks>,
    #[serde(default)]
    mocked_responses: HashMap<String, HashMap<String, MockedResponse>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct MachineMocks {
    #[serde(default)]
    test_cases: HashMap<String, HashMap<String, String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct MockedResponse {
    #[serde(default)]
    r#return: Option<Value>,
    #[serde(default)]
    throw: Option<MockThrow>,
    #[serde(default)]
    duration_seconds: Option<u64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct MockThrow {
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    cause: Option<String>,
}

/// A resolver answering from one test case of a mock config. Invocation numbers count every call
/// made through this resolver (clones share the count), so use a fresh one per execution.
#[derive(Debug, Clone)]
pub struct MockResolver {
    /// State name → the response for each invocation number.
    states: HashMap<String, Vec<(u32, u32, TaskOutcome)>>,
    calls: Arc<Mutex<HashMap<String, u32>>>,
}

impl MockResolver {
    /// Reads test case `test_case` of `machine` from a mock config document.
    pub fn from_config(config: &Value, machine: &str, test_case: &str) -> Result<Self, String> {
        let file: MockConfigFile =
            serde_json::from_value(config.clone()).map_err(|e| format!("invalid mock config: {e}"))?;
        let mocks = file
            .state_machines
            .get(machine)
            .ok_or_else(|| format!("/StateMachines/{machine}: no such state machine"))?;
        let case = mocks
            .test_cases
            .get(test_case)
            .ok_or_else(|| format!("/StateMachines/{machine}/TestCases/{test_case}: no such test case"))?;
        let mut states = HashMap::new();
        for (state, response_name) in case {
            let responses = file.mocked_responses.get(response_name).ok_or_else(|| {
                format!(
                    "/StateMachines/{machine}/TestCases/{test_case}/{state}: unknown mocked response '{response_name}'"
                )
            })?;
            let mut ranges = Vec::new();
            for (key, response) in responses {
                let pointer = format!("/MockedResponses/{response_name}/{key}");
                let (lo, hi) = parse_range(key).ok_or_else(|| format!("{pointer}: expected \"N\" or \"N-M\""))?;
                let outcome = match (&response.r#return, &response.throw) {
                    (Some(v), None) => TaskOutcome::Success(v.clone()),
                    (None, Some(t)) => TaskOutcome::Failure { error: t.error.clone(), cause: t.cause.clone() },
                    _ => return Err(format!("{pointer}: exactly one of Return or Throw is required")),
                };
                let outcome = match response.duration_seconds {
                    Some(secs) => outcome.took(std::time::Duration::from_secs(secs)),
                    None => outcome,
                };
                ranges.push((lo, hi, outcome));
            }
            states.insert(state.clone(), ranges);
        }
        Ok(MockResolver { states, calls: Arc::default() })
    }

    /// Reads a mock config from JSON text.
    pub fn from_json(text: &str, machine: &str, test_case: &str) -> Result<Self, String> {
        let v: Value = serde_json::from_str(text).map_err(|e| format!("invalid mock config JSON: {e}"))?;
        Self::from_config(&v, machine, test_case)
    }

    fn next_outcome(&self, state: &str) -> TaskOutcome {
        let n = {
            let mut calls = self.calls.lock().unwrap_or_else(|e| e.into_inner());
            let c = calls.entry(state.to_string()).or_insert(0);
            *c += 1;
            *c - 1
        };
        let Some(ranges) = self.states.get(state) else {
            return TaskOutcome::Failure {
                error: Some("States.TaskFailed".into()),
                cause: Some(format!("No mocked response for state '{state}' in this test case.")),
            };
        };
        ranges.iter().find(|(lo, hi, _)| (*lo..=*hi).contains(&n)).map(|r| r.2.clone()).unwrap_or_else(|| {
            TaskOutcome::Failure {
                error: Some("States.TaskFailed".into()),
                cause: Some(format!("No mocked response for invocation {n} of state '{state}'.")),
            }
        })
    }
}

fn parse_range(key: &str) -> Option<(u32, u32)> {
    match key.split_once('-') {
        Some((a, b)) => {
            let (a, b) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
            (a <= b).then_some((a, b))
        }
        None => key.trim().parse().ok().map(|n| (n, n)),
    }
}

impl TaskResolver for MockResolver {
    fn resolve(&self, request: TaskRequest) -> BoxFuture<'static, TaskOutcome> {
        let outcome = self.next_outcome(&request.state_name);
        Box::pin(async move { outcome })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ranges_and_missing_entries() {
        assert_eq!(parse_range("0"), Some((0, 0)));
        assert_eq!(parse_range("1-3"), Some((1, 3)));
        assert_eq!(parse_range("3-1"), None);
        let cfg = json!({"StateMachines": {"m": {"TestCases": {"t": {"S": "R"}}}}, "MockedResponses": {}});
        let err = MockResolver::from_config(&cfg, "m", "t").unwrap_err();
        assert!(err.contains("unknown mocked response 'R'"), "{err}");
        assert!(MockResolver::from_config(&cfg, "m", "x").unwrap_err().contains("no such test case"));
    }
}
