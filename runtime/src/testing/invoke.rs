//! The binary's real handlers as steps: one in-process invocation each, answered exactly as on Lambda (warm-up,
//! `Runtime.UnmarshalError`, the error enum's variant as `errorType`).

use std::sync::Arc;

use serde_json::Value;
use tokio::sync::oneshot;

use super::arns;
use super::resolver::{Invoker, StepFailure, StepFuture};

/// Invokes the binary's functions by name; `None` for a name the binary does not have.
pub fn real_handlers() -> Invoker {
    Arc::new(|name: &str, payload: Value| {
        if !crate::dispatch::function_names().contains(&name) {
            return None;
        }
        Some(invoke(name.to_string(), payload))
    })
}

fn invoke(name: String, payload: Value) -> StepFuture {
    let (tx, rx) = oneshot::channel();
    // A handler's future need not be `Send`, and the executor's are: it runs to completion on a thread of its
    // own, with its own single-threaded runtime, as a Lambda sandbox would run it.
    let spawned = std::thread::Builder::new().name(format!("lambdaform-step-{name}")).spawn(move || {
        let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
            Ok(r) => r,
            Err(e) => {
                let _ =
                    tx.send(Err(StepFailure { error_type: "Lambda.ServiceException".into(), message: e.to_string() }));
                return;
            }
        };
        let mut context = crate::Context::default();
        context.request_id = format!("local-{name}");
        context.invoked_function_arn = arns::fake("function", &name);
        let answer = runtime.block_on(crate::dispatch::invoke(&name, payload.to_string(), context));
        let _ = tx.send(
            answer.map_err(|d| StepFailure { error_type: d.error_type, message: d.error_message }).and_then(|text| {
                serde_json::from_str(&text).map_err(|e| StepFailure {
                    error_type: "Lambda.SdkClientException".into(),
                    message: format!("the function's reply is not JSON: {e}"),
                })
            }),
        );
    });
    Box::pin(async move {
        if let Err(e) = spawned {
            return Err(StepFailure { error_type: "Lambda.ServiceException".into(), message: e.to_string() });
        }
        rx.await.unwrap_or_else(|_| {
            Err(StepFailure { error_type: "Lambda.Unknown".into(), message: "the handler panicked".into() })
        })
    })
}
