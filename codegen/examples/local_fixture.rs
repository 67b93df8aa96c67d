//! A small lambdaform service for the dev server's own tests (`codegen/tests/local_*.rs`): routes that echo
//! what API Gateway hands them, a handler that panics, one that outlives its timeout, and a REST route.

use lambdaform::prelude::*;

#[derive(Debug, thiserror::Error, FunctionError)]
pub enum FixtureError {
    #[error("asked to fail: {0}")]
    Asked(String),
}

/// Answers with the whole event it received, so tests can check its shape.
#[function]
#[http(ANY, "/echo/{proxy+}", cors)]
async fn echo(event: serde_json::Value) -> Result<serde_json::Value, FixtureError> {
    Ok(
        serde_json::json!({ "statusCode": 200, "headers": {"content-type": "application/json"}, "body": event.to_string() }),
    )
}

/// The REST API (payload 1.0) flavour of `echo`.
#[function]
#[http(GET, "/rest/{id}", api = rest)]
async fn echo_rest(event: serde_json::Value) -> Result<serde_json::Value, FixtureError> {
    Ok(serde_json::json!({ "statusCode": 200, "multiValueHeaders": {"x-seen": ["a", "b"]}, "body": event.to_string() }))
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
