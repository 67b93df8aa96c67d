//! A recording fake `Invoker` and helpers shared by the tests.
#![allow(dead_code)]

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, TimeZone, Utc};
use lambdaform_local::{Clock, InvokeFailure, Invoker, Local, Store};
use lambdaform_manifest::Manifest;
use serde_json::Value;

type Answer = Box<dyn Fn(&Value) -> Result<Value, InvokeFailure> + Send + Sync>;

/// Records every invocation; answers `null` unless told otherwise for a function.
#[derive(Default)]
pub struct Recorder {
    calls: Mutex<Vec<(String, Value)>>,
    answers: Mutex<HashMap<String, Answer>>,
}

impl Recorder {
    pub fn answer(&self, function: &str, f: impl Fn(&Value) -> Result<Value, InvokeFailure> + Send + Sync + 'static) {
        self.answers.lock().unwrap().insert(function.to_string(), Box::new(f));
    }

    /// The events `function` received, in order.
    pub fn calls(&self, function: &str) -> Vec<Value> {
        self.calls.lock().unwrap().iter().filter(|(f, _)| f == function).map(|(_, e)| e.clone()).collect()
    }

    pub fn all(&self) -> Vec<(String, Value)> {
        self.calls.lock().unwrap().clone()
    }
}

impl Invoker for Recorder {
    fn invoke(
        &self,
        function: &str,
        event: Value,
    ) -> Pin<Box<dyn Future<Output = Result<Value, InvokeFailure>> + Send + '_>> {
        let answer = match self.answers.lock().unwrap().get(function) {
            Some(f) => f(&event),
            None => Ok(Value::Null),
        };
        self.calls.lock().unwrap().push((function.to_string(), event));
        Box::pin(async move { answer })
    }
}

pub fn failure(error_type: &str, message: &str) -> InvokeFailure {
    InvokeFailure { error_type: error_type.into(), error_message: message.into() }
}

pub fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 0, 0, 0).unwrap()
}

/// A manifest from JSON; `source` fields are filled in.
pub fn manifest(mut m: Value) -> Manifest {
    let source = serde_json::json!({"package": "test", "file": "src/lib.rs", "line": 1});
    for list in ["functions", "resources", "state_machines"] {
        if let Some(items) = m.get_mut(list).and_then(Value::as_array_mut) {
            for item in items {
                item["source"] = source.clone();
            }
        }
    }
    serde_json::from_value(m).expect("test manifest")
}

/// A function with the given triggers and the usual settings.
pub fn function(name: &str, events: Value) -> Value {
    serde_json::json!({"name": name, "rust_path": format!("svc::{name}"), "memory": 128, "timeout": 10,
        "architecture": "arm64", "log_retention": 14, "events": events})
}

pub fn local(m: Manifest) -> (Local, Arc<Recorder>) {
    let recorder = Arc::new(Recorder::default());
    let local = Local::new(m, recorder.clone(), Store::Memory, Clock::virtual_at(start())).expect("local");
    (local, recorder)
}
