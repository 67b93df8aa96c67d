//! A small HTTP/1.1 client for talking to a dev server: `lambdaform local put`, the end-to-end and load
//! tests and the benchmark. One keep-alive connection per [`Connection`].

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{handshake, SendRequest};
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;

/// A keep-alive connection to `address`.
pub struct Connection {
    sender: SendRequest<Full<Bytes>>,
}

impl Connection {
    pub async fn open(address: SocketAddr) -> std::io::Result<Connection> {
        let stream = tokio::net::TcpStream::connect(address).await?;
        stream.set_nodelay(true)?;
        let (sender, connection) = handshake(TokioIo::new(stream)).await.map_err(std::io::Error::other)?;
        // The connection task ends when the sender is dropped or the server closes.
        tokio::spawn(connection);
        Ok(Connection { sender })
    }

    /// Sends one request and reads the whole answer: status, headers and body.
    pub async fn send(&mut self, request: hyper::Request<Full<Bytes>>) -> std::io::Result<Answer> {
        self.sender.ready().await.map_err(std::io::Error::other)?;
        let response = self.sender.send_request(request).await.map_err(std::io::Error::other)?;
        let (parts, body) = response.into_parts();
        let body = body.collect().await.map_err(std::io::Error::other)?.to_bytes().to_vec();
        Ok(Answer { status: parts.status.as_u16(), headers: parts.headers, body })
    }

    /// A request with a body and no special headers.
    pub async fn call(&mut self, method: &str, path: &str, body: Vec<u8>) -> std::io::Result<Answer> {
        self.call_typed(method, path, None, body).await
    }

    /// A request with a JSON body (`content-type: application/json`).
    pub async fn call_json(&mut self, method: &str, path: &str, body: Vec<u8>) -> std::io::Result<Answer> {
        self.call_typed(method, path, Some("application/json"), body).await
    }

    async fn call_typed(
        &mut self,
        method: &str,
        path: &str,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> std::io::Result<Answer> {
        let mut request = hyper::Request::builder().method(method).uri(path).header("host", "localhost");
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        let request = request.body(Full::new(Bytes::from(body))).map_err(std::io::Error::other)?;
        self.send(request).await
    }
}

/// A response read whole.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: hyper::HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One request on a fresh connection: `(status, body)`.
pub async fn request(address: SocketAddr, method: &str, path: &str, body: Vec<u8>) -> std::io::Result<(u16, Vec<u8>)> {
    let answer = Connection::open(address).await?.call(method, path, body).await?;
    Ok((answer.status, answer.body))
}

/// Percent-encodes a key for a URL path, keeping `/` and RFC 3986's unreserved characters.
pub fn escape_path(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for byte in key.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_escaped_for_paths() {
        assert_eq!(escape_path("images/holiday 2026/café.png"), "images/holiday%202026/caf%C3%A9.png");
    }
}
