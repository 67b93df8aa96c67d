//! Step Functions' JSON 1.0 protocol (`X-Amz-Target: AWSStepFunctions.StartExecution`, signing name
//! `states`): the calls that start, watch and answer executions, so the AWS SDK and CLI work unchanged
//! against the dev server.

use super::super::app::App;
use super::super::body;
use super::super::executions::{self, Answer, Refusal};
use super::super::server::Reply;
use hyper::http::request::Parts;
use serde_json::{json, Value};

/// `ListExecutions` and `GetExecutionHistory` page size when `maxResults` is 0 or absent, and its maximum.
const DEFAULT_PAGE: usize = 100;
const MAX_PAGE: usize = 1000;

pub fn error(refusal: &Refusal) -> Reply {
    let document =
        json!({ "__type": format!("com.amazonaws.swf.service.v2.model#{}", refusal.code), "message": refusal.message });
    body::with(400, "application/x-amz-json-1.0", document.to_string())
}

fn answer(document: Value) -> Reply {
    body::with(200, "application/x-amz-json-1.0", document.to_string())
}

pub async fn handle(app: &App, parts: &Parts, body: &[u8]) -> Reply {
    let operation = super::json_target(parts, "AWSStepFunctions").unwrap_or_default();
    let input: Value = match serde_json::from_slice(body) {
        Ok(input) => input,
        Err(e) => return error(&Refusal::new("SerializationException", format!("the request body is not JSON: {e}"))),
    };
    match call(app, operation, &input).await {
        Ok(document) => answer(document),
        Err(refusal) => error(&refusal),
    }
}

fn required<'a>(input: &'a Value, field: &str) -> Result<&'a str, Refusal> {
    input[field].as_str().ok_or_else(|| Refusal::new("ValidationException", format!("/{field} is required")))
}

/// A JSON document given as a string field (`input`, `output`).
fn document(input: &Value, field: &str, code: &'static str) -> Result<Value, Refusal> {
    match input[field].as_str() {
        None => Ok(json!({})),
        Some(text) => serde_json::from_str(text).map_err(|e| Refusal::new(code, format!("/{field} is not JSON: {e}"))),
    }
}

async fn call(app: &App, operation: &str, input: &Value) -> Result<Value, Refusal> {
    let optional = |field: &str| input[field].as_str().map(str::to_owned);
    match operation {
        "StartExecution" => {
            let execution_input = document(input, "input", "InvalidExecutionInput")?;
            let name = optional("name");
            executions::start(app, required(input, "stateMachineArn")?, execution_input, name.as_deref()).await
        }
        "DescribeExecution" => executions::describe(app, required(input, "executionArn")?),
        "GetExecutionHistory" => {
            let mut events = executions::history(app, required(input, "executionArn")?)?;
            if input["reverseOrder"].as_bool() == Some(true) {
                events.reverse();
            }
            if input["includeExecutionData"].as_bool() == Some(false) {
                events.iter_mut().for_each(strip_data);
            }
            page(events, input, "events")
        }
        "ListExecutions" => {
            let machine = required(input, "stateMachineArn")?;
            let summaries = executions::list(app, Some(machine), input["statusFilter"].as_str())?;
            page(summaries, input, "executions")
        }
        "ListStateMachines" => page(executions::machines(app), input, "stateMachines"),
        "SendTaskSuccess" => {
            let output = document(input, "output", "InvalidOutput")?;
            executions::send(app, required(input, "taskToken")?, Answer::Success(output))
        }
        "SendTaskFailure" => {
            let answer = Answer::Failure { error: optional("error"), cause: optional("cause") };
            executions::send(app, required(input, "taskToken")?, answer)
        }
        "SendTaskHeartbeat" => executions::send(app, required(input, "taskToken")?, Answer::Heartbeat),
        other => Err(Refusal::new(
            "UnknownOperationException",
            format!(
                "AWSStepFunctions.{other} is not served locally; StartExecution, DescribeExecution, \
                 GetExecutionHistory, ListExecutions, ListStateMachines and SendTaskSuccess/Failure/Heartbeat are \
                 (docs/local.md)"
            ),
        )),
    }
}

/// `includeExecutionData: false` leaves inputs and outputs out of the events' details.
fn strip_data(event: &mut Value) {
    let Some(fields) = event.as_object_mut() else { return };
    for (_, details) in fields.iter_mut().filter(|(name, _)| name.ends_with("EventDetails")) {
        if let Some(details) = details.as_object_mut() {
            details.retain(|key, _| !["input", "output"].contains(&key.as_str()));
        }
    }
}

/// One page of `items` under `field`, with `nextToken` (the offset of the next page) when more remain.
fn page(items: Vec<Value>, input: &Value, field: &str) -> Result<Value, Refusal> {
    let size = match input["maxResults"].as_u64().unwrap_or(0) as usize {
        0 => DEFAULT_PAGE,
        n if n > MAX_PAGE => {
            return Err(Refusal::new("ValidationException", format!("/maxResults must be at most {MAX_PAGE}")))
        }
        n => n,
    };
    let from = match input["nextToken"].as_str() {
        None => 0,
        Some(token) => token
            .parse::<usize>()
            .ok()
            .filter(|offset| *offset <= items.len())
            .ok_or_else(|| Refusal::new("InvalidToken", format!("Invalid pagination token: {token}")))?,
    };
    let to = (from + size).min(items.len());
    let mut out = json!({ field: items[from..to].to_vec() });
    if to < items.len() {
        out["nextToken"] = json!(to.to_string());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_carry_the_offset_of_the_next_one() {
        let items: Vec<Value> = (0..5).map(|n| json!(n)).collect();
        let first = page(items.clone(), &json!({ "maxResults": 2 }), "events").unwrap();
        assert_eq!(first, json!({ "events": [0, 1], "nextToken": "2" }));
        let last = page(items.clone(), &json!({ "maxResults": 2, "nextToken": "4" }), "events").unwrap();
        assert_eq!(last, json!({ "events": [4] }));
        assert_eq!(page(items.clone(), &json!({}), "events").unwrap()["events"].as_array().unwrap().len(), 5);
        assert_eq!(page(items.clone(), &json!({ "nextToken": "9" }), "events").unwrap_err().code, "InvalidToken");
        assert_eq!(page(items, &json!({ "maxResults": 1001 }), "events").unwrap_err().code, "ValidationException");
    }

    #[test]
    fn execution_data_can_be_left_out() {
        let mut event = json!({ "id": 1, "executionStartedEventDetails": { "input": "{}", "roleArn": "r" } });
        strip_data(&mut event);
        assert_eq!(event, json!({ "id": 1, "executionStartedEventDetails": { "roleArn": "r" } }));
    }
}
