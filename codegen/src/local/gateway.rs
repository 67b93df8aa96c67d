//! API Gateway in front of the `#[http]` functions: route matching, CORS, the proxy event, the 29 s
//! integration timeout, and API Gateway's answers when the function fails.

use super::app::App;
use super::http_api::{self, HttpRequest, HttpResponse};
use super::server::Reply;
use super::{body, cors};
use crate::runtime_api::{FunctionError, InvokeError, Outcome};
use lambdaform_manifest::ApiKind;
use std::net::SocketAddr;
use std::time::Duration;

/// API Gateway's maximum integration timeout.
pub const INTEGRATION_TIMEOUT: Duration = Duration::from_secs(29);
/// API Gateway's request payload limit.
const MAX_REQUEST_BYTES: usize = 10 * 1024 * 1024;

pub async fn handle(app: &App, peer: SocketAddr, request: hyper::Request<hyper::body::Incoming>) -> Reply {
    let request = match read(peer, request).await {
        Ok(request) => request,
        Err(response) => return body::reply(response),
    };
    body::reply(answer(app, &request).await)
}

async fn read(peer: SocketAddr, request: hyper::Request<hyper::body::Incoming>) -> Result<HttpRequest, HttpResponse> {
    let (parts, incoming) = request.into_parts();
    let body = body::read(incoming, MAX_REQUEST_BYTES)
        .await
        .map_err(|_| HttpResponse::gateway_error(413, "Request Entity Too Large"))?;
    let headers = parts
        .headers
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
        .collect();
    Ok(HttpRequest {
        method: parts.method.as_str().to_owned(),
        raw_path: parts.uri.path().to_owned(),
        raw_query: parts.uri.query().unwrap_or_default().to_owned(),
        headers,
        body: body.to_vec(),
        source_ip: peer.ip().to_string(),
        request_id: uuid::Uuid::new_v4().to_string(),
    })
}

fn header<'a>(request: &'a HttpRequest, name: &str) -> Option<&'a str> {
    request.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

async fn answer(app: &App, request: &HttpRequest) -> HttpResponse {
    let origin = header(request, "origin");
    if request.method == "OPTIONS" && header(request, "access-control-request-method").is_some() {
        let routes = app.routes.for_path(&request.raw_path);
        if let (Some(origin), Some(cors)) = (origin, routes.iter().find_map(|route| route.cors.as_ref())) {
            let methods: Vec<String> = routes.iter().map(|route| route.method.clone()).collect();
            return cors::preflight(cors, origin, &methods);
        }
    }
    let Some(matched) = app.routes.find(&request.method, &request.raw_path) else {
        return HttpResponse::gateway_error(404, "Not Found");
    };
    let route = matched.route;
    if let Some(kind) = route.machine {
        let started = super::executions::from_route(app, &route.function, kind, &request.body);
        let mut response =
            tokio::time::timeout(INTEGRATION_TIMEOUT, started).await.unwrap_or_else(|_| timed_out(route.api));
        if let (Some(origin), Some(cors)) = (origin, &route.cors) {
            cors::decorate(cors, origin, &mut response);
        }
        return response;
    }
    let host = header(request, "host").unwrap_or("localhost").to_owned();
    let event = http_api::event(request, &matched, &host);
    let payload = serde_json::to_vec(&event).unwrap_or_default();
    let invoked = tokio::time::timeout(INTEGRATION_TIMEOUT, app.handlers.invoke(&route.function, payload)).await;
    let mut response = match invoked {
        Err(_) => timed_out(route.api),
        // Lambda reports its own timeout as a function error.
        Ok(Err(InvokeError::Timeout(_))) => function_failed(route.api),
        // The handler's process died: no answer at all.
        Ok(Err(_)) => HttpResponse::gateway_error(502, "Bad Gateway"),
        Ok(Ok(invocation)) => match invocation.outcome {
            Outcome::Response(answer) => http_api::response(route.api, &answer).unwrap_or_else(|malformed| {
                app.logs.notice(&format!("{}: malformed proxy response: {}", route.function, malformed.0));
                HttpResponse::gateway_error(502, "Internal Server Error")
            }),
            Outcome::Error(error) if is_crash(&error) => HttpResponse::gateway_error(502, "Bad Gateway"),
            Outcome::Error(_) => function_failed(route.api),
        },
    };
    if let (Some(origin), Some(cors)) = (origin, &route.cors) {
        cors::decorate(cors, origin, &mut response);
    }
    response.headers.push(("apigw-requestid".to_owned(), request.request_id.clone()));
    response
}

/// A panic: the serve-all process reports it as `Runtime.ExitError` (what Lambda says of a crashed runtime),
/// `lambda_runtime` as "Lambda panicked: ...". Either way the handler crashed rather than answered an error.
fn is_crash(error: &FunctionError) -> bool {
    error.error_type == "Runtime.ExitError" || error.error_message.starts_with("Lambda panicked")
}

/// A function error (or timeout): HTTP API answers 500, a REST proxy integration 502.
fn function_failed(api: ApiKind) -> HttpResponse {
    match api {
        ApiKind::Http => HttpResponse::gateway_error(500, "Internal Server Error"),
        ApiKind::Rest => HttpResponse::gateway_error(502, "Internal server error"),
    }
}

/// The integration timeout passed first.
fn timed_out(api: ApiKind) -> HttpResponse {
    match api {
        ApiKind::Http => HttpResponse::gateway_error(503, "Service Unavailable"),
        ApiKind::Rest => HttpResponse::gateway_error(504, "Endpoint request timed out"),
    }
}
