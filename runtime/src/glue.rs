//! One invocation of a `#[function]`: the raw event in, the reply (or Lambda's error shape) out. Every mode runs
//! a function through this: its Lambda loop, `lambdaform local`'s serve-all process and the in-process
//! [`invoke`](crate::dispatch::invoke). Both paths answer a warm-up ping before the handler sees it. The handler
//! closures the macros pass take the raw event and give the reply already converted (see
//! `trigger::event_input` / `event_reply`), so nothing here is generic over the user's types and a wrong type is
//! reported once, at the user's own tokens.

use std::future::Future;

use lambda_http::request::LambdaRequest;
use lambda_http::{Adapter, Request, RequestExt};
use lambda_runtime::{service_fn, Context, LambdaEvent, Service};
use lambdaform_manifest::limits::{WARMUP_PAYLOAD, WARMUP_RESPONSE};
use serde_json::value::RawValue;

use crate::trigger::{serialization_error, unmarshal_error, EventReply, HttpReply, RawEvent};

/// Whether `raw` is the warm-up ping: [`WARMUP_PAYLOAD`] in any JSON spacing. Compared byte by byte rather than
/// parsed, which keeps a deserializer out of every binary; the ping is ours, so its exact text is known.
fn is_warmup(raw: &RawValue) -> bool {
    // Real events are rarely this small.
    let text = raw.get();
    if text.len() >= 64 {
        return false;
    }
    // Whitespace outside strings is insignificant. The ping has no escapes, so a backslash in `text` makes
    // it differ, which keeps the string tracking this simple.
    let mut in_string = false;
    let significant = text.bytes().filter(|&b| {
        if b == b'"' {
            in_string = !in_string;
        }
        in_string || !b.is_ascii_whitespace()
    });
    significant.eq(WARMUP_PAYLOAD.bytes())
}

fn warm_reply() -> EventReply {
    RawValue::from_string(WARMUP_RESPONSE.to_owned()).map_err(serialization_error)
}

/// One JSON event through `handler`: its reply, or Lambda's error shape.
pub async fn invoke_event<F, Fut>(handler: F, raw: Box<RawValue>, context: Context) -> EventReply
where
    F: Fn(RawEvent, Context) -> Fut,
    Fut: Future<Output = EventReply>,
{
    if is_warmup(&raw) {
        return warm_reply();
    }
    handler(RawEvent(raw), context).await
}

/// One API Gateway request (HTTP API payload 2.0 or REST API payload 1.0) through `handler`: the API Gateway
/// response document, or Lambda's error shape.
pub async fn invoke_http<F, Fut>(handler: F, raw: Box<RawValue>, context: Context) -> EventReply
where
    F: Fn(Request, Context) -> Fut,
    Fut: Future<Output = HttpReply> + Send,
{
    if is_warmup(&raw) {
        return warm_reply();
    }
    let request: LambdaRequest =
        serde_json::from_str(raw.get()).map_err(|e| unmarshal_error("an API Gateway request", e))?;
    let mut adapter = Adapter::from(service_fn(|req: Request| {
        let context = req.lambda_context();
        handler(req, context)
    }));
    let response = adapter.call(LambdaEvent::new(request, context)).await?;
    serde_json::value::to_raw_value(&response).map_err(serialization_error)
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
        assert!(is_warmup(&raw("{\n\t\"source\":\r\n \"lambdaform.warmup\"\n}")));
        assert!(!is_warmup(&raw(r#"{"source":"aws.events"}"#)));
        assert!(!is_warmup(&raw(r#"{"source":"lambdaform. warmup"}"#)));
        assert!(!is_warmup(&raw(r#"{"source ":"lambdaform.warmup"}"#)));
        assert!(!is_warmup(&raw(r#"{"id":1}"#)));
    }

    #[test]
    fn warm_reply_shape() {
        assert_eq!(warm_reply().unwrap().get(), WARMUP_RESPONSE);
    }
}
