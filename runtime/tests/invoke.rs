//! In-process invocation (`__private::invoke`), which `lambdaform local` and `lambdaform::testing` run handlers
//! through: it must answer exactly as the function's Lambda loop would.

use std::fmt;

use lambdaform::__private::{function_names, invoke};
use lambdaform::http::{Body, Request, RequestExt, Response};
use lambdaform::{function, Context, FunctionError};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Deserialize)]
struct Charge {
    cents: i64,
}

#[derive(Serialize)]
struct Receipt {
    charged: i64,
}

#[derive(Debug, FunctionError)]
enum PaymentError {
    Declined,
}

impl fmt::Display for PaymentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the card was declined")
    }
}

#[function]
async fn charge(charge: Charge, context: Context) -> Result<Receipt, PaymentError> {
    assert!(!context.request_id.is_empty(), "the context reaches the handler");
    if charge.cents > 1000 {
        return Err(PaymentError::Declined);
    }
    Ok(Receipt { charged: charge.cents })
}

#[function]
#[http(GET, "/hello/{name}")]
async fn hello(request: Request) -> Result<Response<Body>, lambdaform::Error> {
    let name = request.path_parameters_ref().and_then(|p| p.first("name")).unwrap_or("nobody").to_string();
    Ok(Response::builder().status(200).body(Body::from(format!("hello {name}")))?)
}

lambdaform::main!();

fn context() -> Context {
    let mut context = Context::default();
    context.request_id = "req-1".into();
    context
}

async fn call(function: &str, payload: &str) -> Result<Value, (String, String)> {
    invoke(function, payload.to_string(), context())
        .await
        .map(|reply| serde_json::from_str(&reply).expect("replies are JSON"))
        .map_err(|d| (d.error_type, d.error_message))
}

#[tokio::test]
async fn answers_as_the_lambda_loop_does() {
    assert_eq!(function_names(), ["charge", "hello"]);
    assert_eq!(call("charge", r#"{"cents": 250}"#).await, Ok(json!({"charged": 250})));

    let (error_type, message) = call("charge", r#"{"cents": 5000}"#).await.unwrap_err();
    assert_eq!((error_type.as_str(), message.as_str()), ("Declined", "the card was declined"));

    assert_eq!(call("charge", lambdaform_warmup()).await, Ok(json!({"warm": true})));

    let (error_type, message) = call("charge", r#"{"amount": 1}"#).await.unwrap_err();
    assert_eq!(error_type, "Runtime.UnmarshalError");
    assert!(message.contains("missing field `cents`"), "{message}");

    let (error_type, _) = call("charge", "not json").await.unwrap_err();
    assert_eq!(error_type, "Runtime.UnmarshalError");

    let (error_type, message) = call("refund", "{}").await.unwrap_err();
    assert_eq!(error_type, "Runtime.InvalidEntrypoint");
    assert!(message.contains("charge, hello"), "{message}");
}

#[tokio::test]
async fn http_functions_answer_with_the_api_gateway_response() {
    let event = json!({
        "version": "2.0", "routeKey": "GET /hello/{name}", "rawPath": "/hello/ada", "rawQueryString": "",
        "headers": {}, "pathParameters": {"name": "ada"}, "isBase64Encoded": false,
        "requestContext": {"accountId": "123456789012", "apiId": "api", "domainName": "localhost",
            "domainPrefix": "localhost", "requestId": "r", "routeKey": "GET /hello/{name}", "stage": "$default",
            "time": "27/Nov/2026:04:00:00 +0000", "timeEpoch": 0,
            "http": {"method": "GET", "path": "/hello/ada", "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1",
                "userAgent": "test"}}
    });
    let reply = call("hello", &event.to_string()).await.expect("the route answers");
    assert_eq!(reply["statusCode"], 200);
    assert_eq!(reply["body"], "hello ada");
}

fn lambdaform_warmup() -> &'static str {
    r#"{"source":"lambdaform.warmup"}"#
}
