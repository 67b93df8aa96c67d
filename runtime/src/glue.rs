//! The `lambda_runtime` loops the macros start: one for JSON events, one for API Gateway requests. Both answer a
//! warm-up ping before the handler sees it. The handler closures the macros pass take the raw event and give the
//! reply already converted (see `trigger::event_input` / `event_reply`), so nothing here is generic over the
//! user's types and a wrong type is reported once, at the user's own tokens.

use std::future::Future;

use lambda_http::request::LambdaRequest;
use lambda_http::{Adapter, Request, RequestExt};
use lambda_runtime::{service_fn, Context, Diagnostic, Error, LambdaEvent, Service};
use lambdaform_manifest::limits::{WARMUP_PAYLOAD, WARMUP_SOURCE};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::trigger::{unmarshal_error, EventReply, HttpReply, RawEvent};

/// The handler's answer, or the warm-up reply (`{"warm":true}`).
#[derive(Serialize)]
#[serde(untagged)]
enum Reply<T> {
    Warm { warm: bool },
    Done(T),
}

fn is_warmup(raw: &RawValue) -> bool {
    #[derive(Deserialize)]
    struct Ping<'a> {
        source: &'a str,
    }
    // Cheap prefilter: real events are rarely this small, and never carry our marker.
    let text = raw.get();
    text.len() < 64
        && (text == WARMUP_PAYLOAD || serde_json::from_str::<Ping>(text).is_ok_and(|p| p.source == WARMUP_SOURCE))
}

/// One JSON event through `handler`: its reply, or Lambda's error shape.
async fn handle_event<F, Fut>(
    handler: &F,
    raw: Box<RawValue>,
    context: Context,
) -> Result<Reply<Box<RawValue>>, Diagnostic>
where
    F: Fn(RawEvent, Context) -> Fut,
    Fut: Future<Output = EventReply>,
{
    if is_warmup(&raw) {
        return Ok(Reply::Warm { warm: true });
    }
    handler(RawEvent(raw), context).await.map(Reply::Done)
}

/// One API Gateway request through `handler`: the API Gateway response document, or Lambda's error shape.
async fn handle_http<F, Fut>(
    handler: &F,
    raw: Box<RawValue>,
    context: Context,
) -> Result<Reply<impl Serialize>, Diagnostic>
where
    F: Fn(Request, Context) -> Fut,
    Fut: Future<Output = HttpReply> + Send,
{
    if is_warmup(&raw) {
        return Ok(Reply::Warm { warm: true });
    }
    let request: LambdaRequest =
        serde_json::from_str(raw.get()).map_err(|e| unmarshal_error("an API Gateway request", e))?;
    let mut adapter = Adapter::from(service_fn(|req: Request| {
        let context = req.lambda_context();
        handler(req, context)
    }));
    adapter.call(LambdaEvent::new(request, context)).await.map(Reply::Done)
}

/// Runs `handler` for every event.
pub async fn run_event<F, Fut>(handler: F) -> Result<(), Error>
where
    F: Fn(RawEvent, Context) -> Fut,
    Fut: Future<Output = EventReply>,
{
    let handler = &handler;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Box<RawValue>>| async move {
        let (raw, context) = event.into_parts();
        handle_event(handler, raw, context).await
    }))
    .await
}

/// Runs `handler` for every API Gateway request (HTTP API payload 2.0 or REST API payload 1.0).
pub async fn run_http<F, Fut>(handler: F) -> Result<(), Error>
where
    F: Fn(Request, Context) -> Fut,
    Fut: Future<Output = HttpReply> + Send,
{
    let handler = &handler;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Box<RawValue>>| async move {
        let (raw, context) = event.into_parts();
        handle_http(handler, raw, context).await
    }))
    .await
}

/// What one in-process invocation gives: the reply as JSON text, or Lambda's error shape.
pub type Invoked = Result<String, Diagnostic>;

fn parse_payload(payload: String) -> Result<Box<RawValue>, Diagnostic> {
    RawValue::from_string(payload).map_err(|e| Diagnostic {
        error_type: "Runtime.UnmarshalError".into(),
        error_message: format!("the event is not JSON: {e}"),
    })
}

fn to_text(reply: Result<Reply<impl Serialize>, Diagnostic>) -> Invoked {
    let reply = reply?;
    serde_json::to_string(&reply).map_err(|e| Diagnostic {
        error_type: "Runtime.SerializationError".into(),
        error_message: format!("the handler's reply does not serialize to JSON: {e}"),
    })
}

/// One event through `handler` in this process, exactly as [`run_event`] would answer it on Lambda.
pub async fn invoke_event<F, Fut>(handler: F, payload: String, context: Context) -> Invoked
where
    F: Fn(RawEvent, Context) -> Fut,
    Fut: Future<Output = EventReply>,
{
    let raw = parse_payload(payload)?;
    to_text(handle_event(&handler, raw, context).await)
}

/// One API Gateway request through `handler` in this process, exactly as [`run_http`] would answer it.
pub async fn invoke_http<F, Fut>(handler: F, payload: String, context: Context) -> Invoked
where
    F: Fn(Request, Context) -> Fut,
    Fut: Future<Output = HttpReply> + Send,
{
    let raw = parse_payload(payload)?;
    to_text(handle_http(&handler, raw, context).await)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str) -> Box<RawValue> {
        RawValue::from_string(text.to_string()).unwrap()
    }

    #[test]
    fn warmup_is_recognised_in_any_spacing() {
        assert!(is_warmup(&raw(WARMUP_PAYLOAD)));
        assert!(is_warmup(&raw(r#"{ "source" : "lambdaform.warmup" }"#)));
        assert!(!is_warmup(&raw(r#"{"source":"aws.events"}"#)));
        assert!(!is_warmup(&raw(r#"{"id":1}"#)));
    }

    #[test]
    fn warm_reply_shape() {
        let warm = serde_json::to_string(&Reply::<u8>::Warm { warm: true }).unwrap();
        assert_eq!(warm, lambdaform_manifest::limits::WARMUP_RESPONSE);
        assert_eq!(serde_json::to_string(&Reply::Done(7)).unwrap(), "7");
    }
}
