//! The dev server's log: one line per invocation in the spirit of Lambda's `REPORT` line, plus the server's
//! own notices and the resources' event log; human-readable or, with `--json`, one JSON object per line.

use crate::runtime_api::{Invocation, InvokeError, Outcome, Report};
use serde::Deserialize;
use serde_json::{json, Value};
use std::io::Write;
use std::sync::Mutex;

pub struct Logs {
    json: bool,
    /// One writer for every task, so lines never interleave.
    out: Mutex<Box<dyn Write + Send>>,
}

/// How an invocation ended, for the log.
pub enum Ended<'a> {
    Finished(&'a Invocation),
    Failed { request_id: Option<&'a str>, error: &'a InvokeError },
}

impl Logs {
    pub fn stdout(json: bool) -> Logs {
        Logs { json, out: Mutex::new(Box::new(std::io::stdout())) }
    }

    /// For `lambdaform invoke`, whose stdout is the function's answer.
    pub fn stderr(json: bool) -> Logs {
        Logs { json, out: Mutex::new(Box::new(std::io::stderr())) }
    }

    fn write(&self, line: &str) {
        let mut out = self.out.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // A closed stdout (the terminal went away) must not take the server down.
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    }

    pub fn notice(&self, message: &str) {
        if self.json {
            self.write(&json!({ "type": "notice", "message": message }).to_string());
        } else {
            self.write(message);
        }
    }

    /// One record of the resources' event log (a trigger fired, a message moved to a DLQ, ...).
    pub fn event(&self, record: &Value) {
        if self.json {
            self.write(&json!({ "type": "event", "event": record }).to_string());
        } else {
            self.write(&format!("EVENT {record}"));
        }
    }

    pub fn invocation(&self, function: &str, trigger: &str, memory_mb: u32, ended: Ended<'_>) {
        self.write(&if self.json {
            invocation_json(function, trigger, memory_mb, &ended).to_string()
        } else {
            invocation_text(function, trigger, &ended)
        });
    }
}

fn outcome_fields(ended: &Ended<'_>) -> (&'static str, Option<String>, Option<String>) {
    match ended {
        Ended::Finished(Invocation { outcome: Outcome::Response(_), .. }) => ("ok", None, None),
        Ended::Finished(Invocation { outcome: Outcome::Error(error), .. }) => {
            ("error", Some(error.error_type.clone()), Some(error.error_message.clone()))
        }
        Ended::Failed { error: InvokeError::Timeout(_), .. } => {
            ("timeout", Some("Sandbox.Timedout".into()), Some(failure_message(ended)))
        }
        Ended::Failed { .. } => ("crash", Some("Runtime.ExitError".into()), Some(failure_message(ended))),
    }
}

fn failure_message(ended: &Ended<'_>) -> String {
    match ended {
        Ended::Failed { error, .. } => error.to_string(),
        Ended::Finished(_) => String::new(),
    }
}

fn invocation_text(function: &str, trigger: &str, ended: &Ended<'_>) -> String {
    let (outcome, error_type, message) = outcome_fields(ended);
    let mut line = match ended {
        Ended::Finished(invocation) => format!("{function} [{trigger}] {}", invocation.report),
        Ended::Failed { request_id, .. } => {
            format!("{function} [{trigger}] REPORT RequestId: {}", request_id.unwrap_or("-"))
        }
    };
    if outcome != "ok" {
        line.push_str(&format!("\t{outcome}: {}: {}", error_type.unwrap_or_default(), message.unwrap_or_default()));
    }
    line
}

fn invocation_json(function: &str, trigger: &str, memory_mb: u32, ended: &Ended<'_>) -> Value {
    let (outcome, error_type, message) = outcome_fields(ended);
    let mut record = json!({
        "type": "report",
        "function": function,
        "trigger": trigger,
        "outcome": outcome,
        "memorySizeMB": memory_mb,
    });
    match ended {
        Ended::Finished(invocation) => report_fields(&mut record, &invocation.report),
        Ended::Failed { request_id, .. } => record["requestId"] = json!(request_id),
    }
    if let Some(error_type) = error_type {
        record["errorType"] = json!(error_type);
        record["errorMessage"] = json!(message);
    }
    record
}

fn report_fields(record: &mut Value, report: &Report) {
    record["requestId"] = json!(report.request_id);
    record["durationMs"] = json!((report.duration.as_secs_f64() * 100_000.0).round() / 100.0);
    record["billedDurationMs"] = json!(report.billed_duration.as_millis() as u64);
    if let Some(used) = report.max_memory_used_mb {
        record["maxMemoryUsedMB"] = json!(used);
    }
    if let Some(init) = report.init_duration {
        record["initDurationMs"] = json!((init.as_secs_f64() * 100_000.0).round() / 100.0);
    }
}

/// The members of an event its trigger is read from. Parsing only these (the others are skipped, not built
/// into a `Value`) keeps the log's label cheap on every invocation.
#[derive(Deserialize)]
struct Shape {
    #[serde(rename = "routeKey", default, deserialize_with = "present")]
    route_key: bool,
    #[serde(rename = "httpMethod", default, deserialize_with = "present")]
    http_method: bool,
    #[serde(rename = "Records")]
    records: Option<Value>,
    source: Option<Value>,
}

/// Whether the member is there, whatever its value (`null` included).
fn present<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    serde::de::IgnoredAny::deserialize(deserializer).map(|_| true)
}

/// Which kind of trigger an event (JSON text) comes from, read off its shape, for the log; `invoke` for
/// anything else, JSON or not.
pub fn trigger_of(event: &[u8]) -> &'static str {
    let Ok(event) = serde_json::from_slice::<Shape>(event) else {
        return "invoke";
    };
    if event.route_key || event.http_method {
        return "http";
    }
    let source = |record: &Value| {
        record.get("eventSource").or_else(|| record.get("EventSource")).and_then(Value::as_str).map(str::to_owned)
    };
    if let Some(first) = event.records.as_ref().and_then(|records| records.get(0)) {
        return match source(first).as_deref() {
            Some("aws:s3") => "s3",
            Some("aws:sqs") => "sqs",
            Some("aws:sns") => "sns",
            Some("aws:dynamodb") => "dynamodb_stream",
            _ => "records",
        };
    }
    match event.source.as_ref().and_then(Value::as_str) {
        Some(lambdaform_manifest::limits::WARMUP_SOURCE) => "warmup",
        Some("aws.events") | Some("aws.scheduler") => "schedule",
        Some("aws.cloudwatch") => "alarm",
        Some(_) => "event_bridge",
        None => "invoke",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn triggers_are_read_off_event_shapes() {
        let trigger = |event: Value| trigger_of(event.to_string().as_bytes());
        assert_eq!(trigger(json!({"version": "2.0", "routeKey": "GET /"})), "http");
        assert_eq!(trigger(json!({"httpMethod": null, "resource": "/"})), "http");
        assert_eq!(trigger(json!({"Records": [{"eventSource": "aws:s3"}]})), "s3");
        assert_eq!(trigger(json!({"Records": [{"EventSource": "aws:sns"}]})), "sns");
        assert_eq!(trigger(json!({"Records": [{"eventSource": "aws:kinesis"}]})), "records");
        assert_eq!(trigger(json!({"Records": "none", "source": "photo.admin"})), "event_bridge");
        assert_eq!(trigger(json!({"source": "lambdaform.warmup"})), "warmup");
        assert_eq!(trigger(json!({"source": "aws.events", "detail-type": "Scheduled Event"})), "schedule");
        assert_eq!(trigger(json!({"source": "photo.admin"})), "event_bridge");
        assert_eq!(trigger(json!({"source": 7})), "invoke");
        assert_eq!(trigger(json!({"anything": 1})), "invoke");
        assert_eq!(trigger(json!([1, 2])), "invoke");
        assert_eq!(trigger_of(b"not json"), "invoke");
    }

    #[test]
    fn json_records_carry_the_report_figures() {
        let mut report = Report::new("rid", Duration::from_micros(1_234));
        report.max_memory_used_mb = Some(20);
        let invocation = Invocation {
            request_id: "rid".into(),
            outcome: Outcome::Response(b"{}".to_vec()),
            duration: report.duration,
            report,
        };
        let record = invocation_json("f", "http", 256, &Ended::Finished(&invocation));
        assert_eq!(record["requestId"], "rid");
        assert_eq!(record["durationMs"], 1.23);
        assert_eq!(record["billedDurationMs"], 2);
        assert_eq!(record["maxMemoryUsedMB"], 20);
        assert_eq!(record["memorySizeMB"], 256);
        assert_eq!(record["outcome"], "ok");
        let timeout = InvokeError::Timeout(Duration::from_secs(3));
        let failed = invocation_json("f", "s3", 128, &Ended::Failed { request_id: None, error: &timeout });
        assert_eq!(failed["outcome"], "timeout");
        assert_eq!(failed["errorMessage"], "Task timed out after 3.00 seconds");
    }
}
