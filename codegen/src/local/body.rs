//! Request bodies in, responses out, for every route family of the dev server.

use super::http_api::HttpResponse;
use super::server::Reply;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderName, HeaderValue};
use hyper::{Response, StatusCode};

/// Reads a whole body, refusing more than `limit` bytes.
pub async fn read(body: Incoming, limit: usize) -> Result<Bytes, String> {
    Limited::new(body, limit)
        .collect()
        .await
        .map(|collected| collected.to_bytes())
        .map_err(|error| format!("could not read the request body: {error}"))
}

/// Writes an `HttpResponse`; a header the client could not be sent is dropped rather than failing the reply.
pub fn reply(response: HttpResponse) -> Reply {
    let mut reply = Response::new(Full::new(Bytes::from(response.body)));
    *reply.status_mut() = StatusCode::from_u16(response.status).unwrap_or(StatusCode::BAD_GATEWAY);
    let headers = reply.headers_mut();
    for (name, value) in response.headers {
        if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(&value)) {
            headers.append(name, value);
        }
    }
    reply
}

/// A reply with a body and content type.
pub fn with(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
    reply(HttpResponse {
        status,
        headers: vec![("content-type".to_owned(), content_type.to_owned())],
        body: body.into(),
    })
}

/// A JSON reply.
pub fn json(status: u16, value: &serde_json::Value) -> Reply {
    with(status, "application/json", value.to_string())
}
