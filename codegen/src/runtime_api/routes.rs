//! The HTTP face of the emulator: `/2018-06-01/runtime/...` routes with the status codes Lambda uses.

use super::error::FunctionError;
use super::invoke::Outcome;
use super::state::{Event, Refusal, Shared, MAX_PAYLOAD_BYTES};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, ALLOW, CONTENT_TYPE};
use hyper::{Method, Request, Response, StatusCode};
use std::convert::Infallible;
use std::sync::Arc;

const PREFIX: &str = "/2018-06-01/runtime/";
const ERROR_TYPE_HEADER: &str = "lambda-runtime-function-error-type";

/// A path of the Runtime API.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Route<'a> {
    Next,
    Response(&'a str),
    Error(&'a str),
    InitError,
}

impl Route<'_> {
    pub(crate) fn parse(path: &str) -> Option<Route<'_>> {
        let rest = path.strip_prefix(PREFIX)?;
        let segments: Vec<&str> = rest.split('/').collect();
        match segments.as_slice() {
            ["invocation", "next"] => Some(Route::Next),
            ["invocation", id, "response"] if !id.is_empty() => Some(Route::Response(id)),
            ["invocation", id, "error"] if !id.is_empty() => Some(Route::Error(id)),
            ["init", "error"] => Some(Route::InitError),
            _ => None,
        }
    }

    fn method(&self) -> Method {
        match self {
            Route::Next => Method::GET,
            Route::Response(_) | Route::Error(_) | Route::InitError => Method::POST,
        }
    }

    fn allow(&self) -> HeaderValue {
        match self {
            Route::Next => HeaderValue::from_static("GET"),
            Route::Response(_) | Route::Error(_) | Route::InitError => HeaderValue::from_static("POST"),
        }
    }
}

type Reply = Response<Full<Bytes>>;

pub(crate) async fn handle(shared: Arc<Shared>, request: Request<Incoming>) -> Result<Reply, Infallible> {
    let path = request.uri().path().to_owned();
    let Some(route) = Route::parse(&path) else {
        return Ok(error_reply(StatusCode::NOT_FOUND, "NotFound", &format!("no Runtime API route for {path}")));
    };
    if request.method() != route.method() {
        let mut reply = error_reply(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            &format!("{path} accepts {} only", route.method()),
        );
        reply.headers_mut().insert(ALLOW, route.allow());
        return Ok(reply);
    }
    let reply = match route {
        Route::Next => next(&shared).await,
        Route::Response(id) => respond(&shared, id, request).await,
        Route::Error(id) => invocation_error(&shared, id, request).await,
        Route::InitError => init_error(&shared, request).await,
    };
    Ok(reply)
}

async fn next(shared: &Shared) -> Reply {
    match shared.next_event().await {
        Ok(event) => event_reply(event),
        Err(refusal) => refusal_reply(refusal),
    }
}

fn event_reply(event: Event) -> Reply {
    let mut reply = Response::new(Full::new(Bytes::from(event.payload)));
    let headers = reply.headers_mut();
    // `invoke` validated every value before queueing, so none of these conversions can fail here.
    let mut set = |name: &'static str, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(name, value);
        }
    };
    set("lambda-runtime-aws-request-id", &event.id);
    set("lambda-runtime-deadline-ms", &event.deadline_ms.to_string());
    set("lambda-runtime-invoked-function-arn", &event.function_arn);
    set("lambda-runtime-trace-id", &event.trace_id);
    if let Some(context) = &event.client_context {
        set("lambda-runtime-client-context", context);
    }
    if let Some(identity) = &event.cognito_identity {
        set("lambda-runtime-cognito-identity", identity);
    }
    set(CONTENT_TYPE.as_str(), "application/json");
    reply
}

async fn respond(shared: &Shared, id: &str, request: Request<Incoming>) -> Reply {
    if let Err(refusal) = shared.check_in_flight(id) {
        return refusal_reply(refusal);
    }
    let outcome = match read_body(request).await {
        Ok(body) => Outcome::Response(body.to_vec()),
        Err(BodyError::TooLarge) => {
            // Lambda fails the invocation and tells the runtime why.
            let error = FunctionError::new(
                "Function.ResponseSizeTooLarge",
                format!("Response payload size exceeded maximum allowed payload size ({MAX_PAYLOAD_BYTES} bytes)."),
            );
            return match shared.complete(id, Outcome::Error(error)) {
                Ok(()) => too_large_reply(),
                Err(refusal) => refusal_reply(refusal),
            };
        }
        Err(BodyError::Unreadable(reason)) => return error_reply(StatusCode::BAD_REQUEST, "InvalidRequest", &reason),
    };
    match shared.complete(id, outcome) {
        Ok(()) => accepted(),
        Err(refusal) => refusal_reply(refusal),
    }
}

async fn invocation_error(shared: &Shared, id: &str, request: Request<Incoming>) -> Reply {
    if let Err(refusal) = shared.check_in_flight(id) {
        return refusal_reply(refusal);
    }
    let error = match read_error(request).await {
        Ok(error) => error,
        Err(reply) => return reply,
    };
    match shared.complete(id, Outcome::Error(error)) {
        Ok(()) => accepted(),
        Err(refusal) => refusal_reply(refusal),
    }
}

async fn init_error(shared: &Shared, request: Request<Incoming>) -> Reply {
    let error = match read_error(request).await {
        Ok(error) => error,
        Err(reply) => return reply,
    };
    match shared.init_error(error) {
        Ok(()) => accepted(),
        Err(refusal) => refusal_reply(refusal),
    }
}

async fn read_error(request: Request<Incoming>) -> Result<FunctionError, Reply> {
    let error_type = request.headers().get(ERROR_TYPE_HEADER).and_then(|value| value.to_str().ok()).map(str::to_owned);
    match read_body(request).await {
        Ok(body) => Ok(FunctionError::from_body(&body, error_type.as_deref())),
        Err(BodyError::TooLarge) => Err(too_large_reply()),
        Err(BodyError::Unreadable(reason)) => Err(error_reply(StatusCode::BAD_REQUEST, "InvalidRequest", &reason)),
    }
}

enum BodyError {
    TooLarge,
    Unreadable(String),
}

async fn read_body(request: Request<Incoming>) -> Result<Bytes, BodyError> {
    match Limited::new(request.into_body(), MAX_PAYLOAD_BYTES).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(error) if error.is::<LengthLimitError>() => Err(BodyError::TooLarge),
        Err(error) => Err(BodyError::Unreadable(format!("could not read the request body: {error}"))),
    }
}

fn refusal_reply(refusal: Refusal) -> Reply {
    match refusal {
        Refusal::UnknownRequestId(id) => error_reply(
            StatusCode::BAD_REQUEST,
            "InvalidRequestID",
            &format!("request id {id} is not the invocation in progress"),
        ),
        Refusal::InvalidState(reason) => error_reply(StatusCode::FORBIDDEN, "InvalidStateTransition", reason),
        Refusal::InitFailed => error_reply(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Runtime.InitError",
            "the runtime reported an init error and must exit",
        ),
        Refusal::Closed => error_reply(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Runtime.Shutdown",
            "the Runtime API emulator is shutting down",
        ),
    }
}

fn too_large_reply() -> Reply {
    error_reply(
        StatusCode::PAYLOAD_TOO_LARGE,
        "RequestEntityTooLarge",
        &format!("Exceeded maximum allowed payload size ({MAX_PAYLOAD_BYTES} bytes)."),
    )
}

fn accepted() -> Reply {
    json_reply(StatusCode::ACCEPTED, r#"{"status":"OK"}"#.to_owned())
}

fn error_reply(status: StatusCode, error_type: &str, message: &str) -> Reply {
    let body = serde_json::json!({ "errorMessage": message, "errorType": error_type });
    json_reply(status, body.to_string())
}

fn json_reply(status: StatusCode, body: String) -> Reply {
    let mut reply = Response::new(Full::new(Bytes::from(body)));
    *reply.status_mut() = status;
    reply.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    reply
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_routes() {
        assert_eq!(Route::parse("/2018-06-01/runtime/invocation/next"), Some(Route::Next));
        assert_eq!(Route::parse("/2018-06-01/runtime/invocation/abc/response"), Some(Route::Response("abc")));
        assert_eq!(Route::parse("/2018-06-01/runtime/invocation/abc/error"), Some(Route::Error("abc")));
        assert_eq!(Route::parse("/2018-06-01/runtime/init/error"), Some(Route::InitError));
    }

    #[test]
    fn other_paths_have_no_route() {
        for path in [
            "/",
            "/2018-06-01/runtime/invocation",
            "/2018-06-01/runtime/invocation//response",
            "/2018-06-01/runtime/invocation/abc/response/extra",
            "/2020-01-01/runtime/invocation/next",
            "/2018-06-01/runtime/restore/next",
        ] {
            assert_eq!(Route::parse(path), None, "{path}");
        }
    }
}
