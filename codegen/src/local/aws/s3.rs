//! S3's REST protocol, path-style (`/{bucket}/{key}`): PutObject, GetObject, HeadObject, DeleteObject and
//! ListObjectsV2. The service's handlers must use path-style addressing (`force_path_style(true)`), since
//! virtual-hosted names cannot resolve to 127.0.0.1.

use super::super::app::App;
use super::super::body;
use super::super::routes::percent_decode;
use super::super::server::Reply;
use super::{chunked, xml};
use base64::Engine;
use hyper::http::request::Parts;
use hyper::Method;
use md5::{Digest, Md5};

/// ListObjectsV2's default and maximum page size.
const MAX_KEYS: usize = 1000;

/// One S3 operation, read off the request.
#[derive(Debug, PartialEq)]
pub enum S3Request {
    Put { bucket: String, key: String, body: Vec<u8>, content_type: Option<String> },
    Get { bucket: String, key: String },
    Head { bucket: String, key: String },
    Delete { bucket: String, key: String },
    List { bucket: String, prefix: String, start_after: Option<String>, max_keys: usize },
}

pub fn parse(parts: &Parts, raw_body: &[u8]) -> Result<S3Request, Reply> {
    let path = parts.uri.path().strip_prefix('/').unwrap_or_default();
    let (bucket, key) = match path.split_once('/') {
        Some((bucket, key)) if !key.is_empty() => (percent_decode(bucket), Some(percent_decode(key))),
        Some((bucket, _)) => (percent_decode(bucket), None),
        None => (percent_decode(path), None),
    };
    if bucket.is_empty() {
        return Err(error(400, "NotImplemented", "ListBuckets is not served locally; name a bucket", "/"));
    }
    let query = query_pairs(parts.uri.query().unwrap_or_default());
    let Some(key) = key else {
        if parts.method != Method::GET {
            return Err(error(501, "NotImplemented", "only ListObjectsV2 is served on a bucket", &bucket));
        }
        let get = |name: &str| query.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
        // A continuation token is the last key of the previous page.
        let start_after = get("continuation-token")
            .map(|token| decode_token(&token))
            .transpose()
            .map_err(|message| error(400, "InvalidArgument", &message, &bucket))?
            .or_else(|| get("start-after"));
        let max_keys = match get("max-keys") {
            Some(text) => text
                .parse::<usize>()
                .map_err(|_| error(400, "InvalidArgument", "max-keys must be a whole number", &bucket))?
                .min(MAX_KEYS),
            None => MAX_KEYS,
        };
        return Ok(S3Request::List { bucket, prefix: get("prefix").unwrap_or_default(), start_after, max_keys });
    };
    match parts.method {
        Method::PUT => {
            if parts.headers.contains_key("x-amz-copy-source") {
                return Err(error(501, "NotImplemented", "CopyObject is not served locally", &key));
            }
            let encoded = parts
                .headers
                .get("content-encoding")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|encoding| encoding.split(',').any(|e| e.trim() == "aws-chunked"));
            let streaming = parts
                .headers
                .get("x-amz-content-sha256")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|sha| sha.starts_with("STREAMING-"));
            let body = if encoded || streaming {
                chunked::decode(raw_body).map_err(|message| error(400, "InvalidRequest", &message, &key))?
            } else {
                raw_body.to_vec()
            };
            let content_type = parts.headers.get("content-type").and_then(|v| v.to_str().ok()).map(str::to_owned);
            Ok(S3Request::Put { bucket, key, body, content_type })
        }
        Method::GET => Ok(S3Request::Get { bucket, key }),
        Method::HEAD => Ok(S3Request::Head { bucket, key }),
        Method::DELETE => Ok(S3Request::Delete { bucket, key }),
        _ => Err(error(405, "MethodNotAllowed", "the method is not allowed against this resource", &key)),
    }
}

fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(name), percent_decode(&value.replace('+', " ")))
        })
        .collect()
}

pub fn encode_token(last_key: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(last_key)
}

fn decode_token(token: &str) -> Result<String, String> {
    base64::engine::general_purpose::STANDARD
        .decode(token)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or_else(|| "the continuation token is not one this server issued".to_owned())
}

/// S3's ETag: the hex MD5 of the object, quoted.
pub fn etag(bytes: &[u8]) -> String {
    let digest = Md5::digest(bytes);
    format!("\"{}\"", digest.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// S3's XML error document.
pub fn error(status: u16, code: &str, message: &str, resource: &str) -> Reply {
    let request_id = uuid::Uuid::new_v4().simple().to_string();
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>{}{}{}{}</Error>",
        xml::element("Code", code),
        xml::element("Message", message),
        xml::element("Resource", resource),
        xml::element("RequestId", &request_id)
    );
    let mut reply = body::with(status, "application/xml", document);
    if let Ok(value) = request_id.parse() {
        reply.headers_mut().insert("x-amz-request-id", value);
    }
    reply
}

/// One key of a listing.
pub struct Listed {
    pub key: String,
    pub size: usize,
    pub etag: String,
}

/// The ListObjectsV2 result document.
pub fn list_result(bucket: &str, prefix: &str, max_keys: usize, keys: &[Listed], truncated: bool) -> String {
    let mut document = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">",
    );
    document.push_str(&xml::element("Name", bucket));
    document.push_str(&xml::element("Prefix", prefix));
    document.push_str(&xml::element("KeyCount", &keys.len().to_string()));
    document.push_str(&xml::element("MaxKeys", &max_keys.to_string()));
    document.push_str(&xml::element("IsTruncated", if truncated { "true" } else { "false" }));
    if let (true, Some(last)) = (truncated, keys.last()) {
        document.push_str(&xml::element("NextContinuationToken", &encode_token(&last.key)));
    }
    for listed in keys {
        document.push_str("<Contents>");
        document.push_str(&xml::element("Key", &listed.key));
        document.push_str(&xml::element("ETag", &listed.etag));
        document.push_str(&xml::element("Size", &listed.size.to_string()));
        document.push_str(&xml::element("StorageClass", "STANDARD"));
        document.push_str("</Contents>");
    }
    document.push_str("</ListBucketResult>");
    document
}

pub async fn handle(app: &App, parts: &Parts, raw_body: &[u8]) -> Reply {
    match parse(parts, raw_body) {
        Ok(request) => app.s3(request).await,
        Err(reply) => reply,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(method: &str, uri: &str, headers: &[(&str, &str)]) -> Parts {
        let mut builder = hyper::Request::builder().method(method).uri(uri);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(()).unwrap().into_parts().0
    }

    #[test]
    fn requests_are_read_path_style() {
        let put =
            parse(&parts("PUT", "/uploads/images/holiday%202026/cat.png", &[("content-type", "image/png")]), b"x");
        assert_eq!(
            put.unwrap(),
            S3Request::Put {
                bucket: "uploads".into(),
                key: "images/holiday 2026/cat.png".into(),
                body: b"x".to_vec(),
                content_type: Some("image/png".into())
            }
        );
        let list = parse(&parts("GET", "/uploads?list-type=2&prefix=images%2F&max-keys=2", &[]), b"").unwrap();
        assert_eq!(
            list,
            S3Request::List { bucket: "uploads".into(), prefix: "images/".into(), start_after: None, max_keys: 2 }
        );
        let token = encode_token("images/a.png");
        let next = parse(&parts("GET", &format!("/uploads?list-type=2&continuation-token={token}"), &[]), b"").unwrap();
        assert!(matches!(next, S3Request::List { start_after: Some(k), .. } if k == "images/a.png"));
        assert!(parse(&parts("POST", "/uploads/k", &[]), b"").is_err());
    }

    #[test]
    fn streaming_uploads_are_decoded() {
        let headers =
            [("content-encoding", "aws-chunked"), ("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER")];
        let put = parse(&parts("PUT", "/b/k", &headers), b"3\r\nabc\r\n0\r\nx-amz-checksum-crc32:x\r\n\r\n").unwrap();
        assert!(matches!(put, S3Request::Put { body, .. } if body == b"abc"));
    }

    #[test]
    fn etags_are_quoted_md5() {
        assert_eq!(etag(b""), "\"d41d8cd98f00b204e9800998ecf8427e\"");
    }
}
