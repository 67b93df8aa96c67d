//! The AWS endpoints handlers call locally: the subset of the DynamoDB, S3, SNS and SQS wire protocols that
//! a service's data-plane calls use, served on the dev server's port and backed by the in-memory
//! resources, so a handler's `PutObject` fires the `#[s3]` trigger as it would on AWS; and Step Functions'
//! execution calls, for the SDK and CLI. Requests are told apart by the service their SigV4 signature
//! names; signatures are not verified.

mod chunked;
mod dynamodb;
mod expression;
mod resources;
mod s3;
mod sfn;
mod sns;
mod sqs;
mod xml;

use super::app::App;
use super::server::Reply;
use hyper::body::Incoming;
use hyper::HeaderMap;

/// An AWS request's body may be a whole S3 object; S3's single-PUT limit is far larger, but a local
/// handler's upload beyond this is surely a mistake.
const MAX_AWS_BODY_BYTES: usize = 512 * 1024 * 1024;

/// The service named in the SigV4 credential scope (`Credential=AKID/20261127/us-east-1/s3/aws4_request`).
pub fn signing_service(headers: &HeaderMap) -> Option<String> {
    let authorization = headers.get(hyper::header::AUTHORIZATION)?.to_str().ok()?;
    let scope = authorization.split("Credential=").nth(1)?.split([',', ' ']).next()?;
    let parts: Vec<&str> = scope.split('/').collect();
    match parts.as_slice() {
        [_, _, _, service, "aws4_request"] => Some((*service).to_owned()),
        _ => None,
    }
}

pub async fn handle(app: &App, service: &str, request: hyper::Request<Incoming>) -> Reply {
    let (parts, incoming) = request.into_parts();
    let body = match super::body::read(incoming, MAX_AWS_BODY_BYTES).await {
        Ok(body) => body,
        Err(message) => return super::body::with(400, "text/plain", message),
    };
    match service {
        "dynamodb" => dynamodb::handle(app, &parts, &body).await,
        "s3" => s3::handle(app, &parts, &body).await,
        "sns" => sns::handle(app, &body).await,
        "sqs" => sqs::handle(app, &parts, &body).await,
        "states" => sfn::handle(app, &parts, &body).await,
        other => super::body::json(
            400,
            &serde_json::json!({
                "__type": "UnknownOperationException",
                "message": format!("lambdaform local does not serve the `{other}` API; see docs/local.md"),
            }),
        ),
    }
}

/// The operation of a JSON-protocol request (`X-Amz-Target: DynamoDB_20120810.PutItem` → `PutItem`).
fn json_target<'a>(parts: &'a hyper::http::request::Parts, prefix: &str) -> Option<&'a str> {
    parts.headers.get("x-amz-target")?.to_str().ok()?.strip_prefix(prefix)?.strip_prefix('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signing_service_comes_from_the_credential_scope() {
        let mut headers = HeaderMap::new();
        headers.insert(
            hyper::header::AUTHORIZATION,
            "AWS4-HMAC-SHA256 Credential=AKIA/20261127/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=ab"
                .parse()
                .unwrap(),
        );
        assert_eq!(signing_service(&headers).as_deref(), Some("dynamodb"));
        headers.insert(hyper::header::AUTHORIZATION, "Bearer token".parse().unwrap());
        assert_eq!(signing_service(&headers), None);
        assert_eq!(signing_service(&HeaderMap::new()), None);
    }
}
