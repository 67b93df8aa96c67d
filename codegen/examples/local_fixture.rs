//! A small lambdaform service for the dev server's own tests (`codegen/tests/local_*.rs`): routes that echo
//! what API Gateway hands them, a handler that panics, one that outlives its timeout, and a REST route.

use lambdaform::prelude::*;

#[derive(Debug, thiserror::Error, FunctionError)]
pub enum FixtureError {
    #[error("asked to fail: {0}")]
    Asked(String),
}

/// What the handler saw of the event the dev server built: `lambda_http` read it as API Gateway's.
fn seen(req: &Request) -> serde_json::Value {
    let query = req.query_string_parameters();
    let accept: Vec<&str> = req.headers().get_all("accept").iter().filter_map(|v| v.to_str().ok()).collect();
    serde_json::json!({
        "method": req.method().as_str(),
        "path": req.uri().path(),
        "proxy": req.path_parameters().first("proxy"),
        "id": req.path_parameters().first("id"),
        "x": query.all("x"),
        "q": query.first("q"),
        "cookie": req.headers().get("cookie").and_then(|v| v.to_str().ok()),
        "accept": accept,
        "context": serde_json::to_value(req.request_context()).unwrap_or_default(),
    })
}

/// Answers with what it received (payload 2.0).
#[function]
#[http(ANY, "/echo/{proxy+}", cors)]
async fn echo(req: Request) -> Result<serde_json::Value, FixtureError> {
    Ok(seen(&req))
}

/// The REST API (payload 1.0) flavour of `echo`, with a header of two values in the answer.
#[function]
#[http(GET, "/rest/{id}", api = rest)]
async fn echo_rest(req: Request) -> Result<Response<Body>, FixtureError> {
    Ok(Response::builder()
        .status(200)
        .header("x-seen", "a")
        .header("x-seen", "b")
        .body(Body::from(seen(&req).to_string()))
        .unwrap_or_default())
}

/// Returns the request body's bytes, base64-encoded, as a PNG: the binary round trip.
#[function]
#[http(POST, "/binary")]
async fn binary(req: Request) -> Result<Response<Body>, FixtureError> {
    let bytes = req.body().to_vec();
    Ok(Response::builder().status(200).header("content-type", "image/png").body(Body::from(bytes)).unwrap_or_default())
}

/// Panics: the serve-all process survives it, the server answers 502.
#[function]
#[http(GET, "/panic")]
async fn explode(_req: Request) -> Result<Response<Body>, FixtureError> {
    panic!("the fixture panics on purpose")
}

/// A handler error: API Gateway answers 500.
#[function]
#[http(GET, "/fail")]
async fn fail(_req: Request) -> Result<Response<Body>, FixtureError> {
    Err(FixtureError::Asked("fail".into()))
}

/// Sleeps past its one-second timeout.
#[function(timeout = 1)]
#[http(GET, "/slow")]
async fn slow(_req: Request) -> Result<Response<Body>, FixtureError> {
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    Ok(Response::new(Body::from("too late")))
}

lambdaform::main!();
