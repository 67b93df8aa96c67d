//! API Gateway's proxy events and responses: HTTP API payload format 2.0 and REST API payload format 1.0,
//! shaped as AWS sends them, and the function's answer turned back into an HTTP response.

use super::routes::{percent_decode, Matched};
use base64::Engine;
use lambdaform_manifest::ApiKind;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

/// The local API's id; it appears in `requestContext` and the domain name as on AWS.
pub const API_ID: &str = "lambdaformlocal";
/// The REST API's stage name locally.
pub const REST_STAGE: &str = "local";

/// An incoming request, as the dev server read it.
#[derive(Debug, Clone)]
pub struct HttpRequest {
    pub method: String,
    /// Still percent-encoded.
    pub raw_path: String,
    /// Without the `?`.
    pub raw_query: String,
    /// Names lower case, in arrival order; a name may repeat.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub source_ip: String,
    /// The request id API Gateway would assign (also `requestContext.requestId`).
    pub request_id: String,
}

/// A response ready to write.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// API Gateway's own error answers: `{"message": "..."}`.
    pub fn gateway_error(status: u16, message: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: json!({ "message": message }).to_string().into_bytes(),
        }
    }
}

impl HttpRequest {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// Repeated headers joined with commas, as both payload formats do in `headers` (cookies excepted in 2.0).
    fn joined_headers(&self, skip_cookies: bool) -> Map<String, Value> {
        let mut joined: Map<String, Value> = Map::new();
        for (name, value) in &self.headers {
            if skip_cookies && name == "cookie" {
                continue;
            }
            match joined.get_mut(name) {
                Some(Value::String(existing)) => {
                    existing.push(',');
                    existing.push_str(value);
                }
                _ => {
                    joined.insert(name.clone(), Value::String(value.clone()));
                }
            }
        }
        joined
    }

    /// Query parameters decoded (`+` is a space in a query), in order.
    fn query_pairs(&self) -> Vec<(String, String)> {
        self.raw_query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                (percent_decode(&name.replace('+', " ")), percent_decode(&value.replace('+', " ")))
            })
            .collect()
    }

    /// The body as the event carries it, and whether it is base64.
    fn event_body(&self) -> (Value, bool) {
        if self.body.is_empty() {
            return (Value::Null, false);
        }
        let textual = self.header("content-type").is_none_or(is_text_content_type);
        match std::str::from_utf8(&self.body) {
            Ok(text) if textual => (Value::String(text.to_owned()), false),
            _ => (Value::String(base64::engine::general_purpose::STANDARD.encode(&self.body)), true),
        }
    }
}

/// Content types API Gateway passes as text; everything else arrives base64-encoded.
pub fn is_text_content_type(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence.starts_with("text/")
        || essence.ends_with("+json")
        || essence.ends_with("+xml")
        || matches!(
            essence.as_str(),
            "application/json"
                | "application/xml"
                | "application/javascript"
                | "application/x-www-form-urlencoded"
                | "application/graphql"
                | "application/yaml"
        )
}

/// The event for the matched route, in the route's payload format.
pub fn event(request: &HttpRequest, matched: &Matched<'_>, host: &str) -> Value {
    match matched.route.api {
        ApiKind::Http => payload_v2(request, matched, host),
        ApiKind::Rest => payload_v1(request, matched, host),
    }
}

fn payload_v2(request: &HttpRequest, matched: &Matched<'_>, host: &str) -> Value {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    let route_key = matched.route.key();
    let user_agent = request.header("user-agent").unwrap_or_default();
    let mut event = json!({
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": request.raw_path,
        "rawQueryString": request.raw_query,
        "headers": request.joined_headers(true),
        "requestContext": {
            "accountId": crate::runtime_api::LOCAL_ACCOUNT_ID,
            "apiId": API_ID,
            "domainName": host,
            "domainPrefix": host.split('.').next().unwrap_or(host),
            "http": {
                "method": request.method,
                "path": request.raw_path,
                "protocol": "HTTP/1.1",
                "sourceIp": request.source_ip,
                "userAgent": user_agent,
            },
            "requestId": request.request_id,
            "routeKey": route_key,
            "stage": "$default",
            "time": clf_time(now.as_secs()),
            "timeEpoch": now.as_millis() as u64,
        },
        "isBase64Encoded": false,
    });
    let cookies: Vec<&str> = request
        .headers
        .iter()
        .filter(|(name, _)| name == "cookie")
        .flat_map(|(_, value)| value.split(';').map(str::trim).filter(|c| !c.is_empty()))
        .collect();
    if !cookies.is_empty() {
        event["cookies"] = json!(cookies);
    }
    let mut query: Map<String, Value> = Map::new();
    for (name, value) in request.query_pairs() {
        match query.get_mut(&name) {
            Some(Value::String(existing)) => {
                existing.push(',');
                existing.push_str(&value);
            }
            _ => {
                query.insert(name, Value::String(value));
            }
        }
    }
    if !query.is_empty() {
        event["queryStringParameters"] = Value::Object(query);
    }
    if !matched.parameters.is_empty() {
        event["pathParameters"] = json!(matched.parameters);
    }
    let (body, base64) = request.event_body();
    if !body.is_null() {
        event["body"] = body;
        event["isBase64Encoded"] = json!(base64);
    }
    event
}

fn payload_v1(request: &HttpRequest, matched: &Matched<'_>, host: &str) -> Value {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    let mut multi_headers: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, value) in &request.headers {
        multi_headers.entry(name).or_default().push(value);
    }
    // In 1.0 `headers` keeps the last value of a repeated header.
    let headers: Map<String, Value> =
        request.headers.iter().map(|(name, value)| (name.clone(), Value::String(value.clone()))).collect();
    let pairs = request.query_pairs();
    let (query, multi_query) = if pairs.is_empty() {
        (Value::Null, Value::Null)
    } else {
        let mut multi: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (name, value) in &pairs {
            multi.entry(name).or_default().push(value);
        }
        let last: Map<String, Value> = pairs.iter().map(|(n, v)| (n.clone(), Value::String(v.clone()))).collect();
        (Value::Object(last), json!(multi))
    };
    let path_parameters = if matched.parameters.is_empty() { Value::Null } else { json!(matched.parameters) };
    let (body, base64) = request.event_body();
    let user_agent = request.header("user-agent").unwrap_or_default();
    json!({
        "resource": matched.route.path,
        "path": request.raw_path,
        "httpMethod": request.method,
        "headers": headers,
        "multiValueHeaders": multi_headers,
        "queryStringParameters": query,
        "multiValueQueryStringParameters": multi_query,
        "pathParameters": path_parameters,
        "stageVariables": null,
        "requestContext": {
            "accountId": crate::runtime_api::LOCAL_ACCOUNT_ID,
            "apiId": API_ID,
            "domainName": host,
            "domainPrefix": host.split('.').next().unwrap_or(host),
            "extendedRequestId": request.request_id,
            "httpMethod": request.method,
            "identity": { "sourceIp": request.source_ip, "userAgent": user_agent },
            "path": format!("/{REST_STAGE}{}", request.raw_path),
            "protocol": "HTTP/1.1",
            "requestId": request.request_id,
            "requestTime": clf_time(now.as_secs()),
            "requestTimeEpoch": now.as_millis() as u64,
            "resourceId": API_ID,
            "resourcePath": matched.route.path,
            "stage": REST_STAGE,
        },
        "body": body,
        "isBase64Encoded": base64,
    })
}

/// Why a function's answer is not a valid proxy response; API Gateway answers 502 then.
#[derive(Debug, PartialEq)]
pub struct MalformedResponse(pub String);

/// Turns the function's JSON answer into the HTTP response API Gateway would send.
pub fn response(api: ApiKind, answer: &[u8]) -> Result<HttpResponse, MalformedResponse> {
    let value: Value = serde_json::from_slice(answer)
        .map_err(|error| MalformedResponse(format!("the function's answer is not JSON: {error}")))?;
    let structured = value.as_object().filter(|object| object.contains_key("statusCode"));
    let Some(object) = structured else {
        // HTTP API infers a 200 JSON answer from any other value; a REST proxy integration refuses it.
        return match api {
            ApiKind::Http => Ok(HttpResponse {
                status: 200,
                headers: vec![("content-type".into(), "application/json".into())],
                body: match &value {
                    Value::String(text) => text.clone().into_bytes(),
                    other => other.to_string().into_bytes(),
                },
            }),
            ApiKind::Rest => Err(MalformedResponse("a REST proxy response needs `statusCode`".into())),
        };
    };
    let status = match &object["statusCode"] {
        Value::Number(number) => number.as_u64(),
        Value::String(text) => text.parse().ok(),
        _ => None,
    }
    .and_then(|status| u16::try_from(status).ok())
    .filter(|status| (100..=599).contains(status))
    .ok_or_else(|| MalformedResponse(format!("`statusCode` {} is not an HTTP status", object["statusCode"])))?;
    let mut headers = Vec::new();
    if let Some(Value::Object(single)) = object.get("headers") {
        for (name, value) in single {
            headers.push((name.to_ascii_lowercase(), scalar_text(value, "headers", name)?));
        }
    }
    if let Some(Value::Object(multi)) = object.get("multiValueHeaders") {
        for (name, values) in multi {
            let name = name.to_ascii_lowercase();
            // multiValueHeaders wins over headers for the same name, as API Gateway merges them.
            headers.retain(|(existing, _)| *existing != name);
            for value in values.as_array().into_iter().flatten() {
                headers.push((name.clone(), scalar_text(value, "multiValueHeaders", &name)?));
            }
        }
    }
    if let (ApiKind::Http, Some(Value::Array(cookies))) = (api, object.get("cookies")) {
        for cookie in cookies {
            headers.push(("set-cookie".into(), scalar_text(cookie, "cookies", "")?));
        }
    }
    let text = match object.get("body") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => return Err(MalformedResponse(format!("`body` must be a string, not {other}"))),
    };
    let base64 = object.get("isBase64Encoded").and_then(Value::as_bool).unwrap_or(false);
    let body = if base64 {
        base64::engine::general_purpose::STANDARD
            .decode(text.as_bytes())
            .map_err(|error| MalformedResponse(format!("`body` is marked base64 but is not: {error}")))?
    } else {
        text.into_bytes()
    };
    Ok(HttpResponse { status, headers, body })
}

fn scalar_text(value: &Value, field: &str, name: &str) -> Result<String, MalformedResponse> {
    match value {
        Value::String(text) => Ok(text.clone()),
        Value::Number(_) | Value::Bool(_) => Ok(value.to_string()),
        other => Err(MalformedResponse(format!("`{field}.{name}` must be a string, not {other}"))),
    }
}

/// `27/Nov/2026:01:00:00 +0000`, the time format of `requestContext.time`.
fn clf_time(epoch_seconds: u64) -> String {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let (year, month, day) = crate::runtime_api::civil_date(epoch_seconds / 86_400);
    let seconds = epoch_seconds % 86_400;
    format!(
        "{day:02}/{}/{year}:{:02}:{:02}:{:02} +0000",
        MONTHS[(month - 1) as usize],
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::local::routes::Route;

    fn request(method: &str, path: &str, query: &str, headers: &[(&str, &str)], body: &[u8]) -> HttpRequest {
        HttpRequest {
            method: method.into(),
            raw_path: path.into(),
            raw_query: query.into(),
            headers: headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
            body: body.to_vec(),
            source_ip: "127.0.0.1".into(),
            request_id: "rid".into(),
        }
    }

    fn matched<'a>(route: &'a Route, id: &str) -> Matched<'a> {
        Matched { route, parameters: BTreeMap::from([("id".to_string(), id.to_string())]) }
    }

    #[test]
    fn http_api_event_has_the_v2_shape() {
        let route = Route::new("get_user", "GET", "/users/{id}", ApiKind::Http, None);
        let headers = [("accept", "a"), ("accept", "b"), ("cookie", "s=1; t=2"), ("user-agent", "ua")];
        let event = event(&request("GET", "/users/42", "x=1&x=2&q=a+b", &headers, b""), &matched(&route, "42"), "h");
        assert_eq!(event["version"], "2.0");
        assert_eq!(event["routeKey"], "GET /users/{id}");
        assert_eq!(event["rawQueryString"], "x=1&x=2&q=a+b");
        assert_eq!(event["headers"], json!({"accept": "a,b", "user-agent": "ua"}));
        assert_eq!(event["cookies"], json!(["s=1", "t=2"]));
        assert_eq!(event["queryStringParameters"], json!({"x": "1,2", "q": "a b"}));
        assert_eq!(event["pathParameters"], json!({"id": "42"}));
        assert_eq!(event["requestContext"]["http"]["method"], "GET");
        assert_eq!(event["requestContext"]["stage"], "$default");
        assert!(event.get("body").is_none());
        assert_eq!(event["isBase64Encoded"], false);
    }

    #[test]
    fn rest_api_event_has_the_v1_shape() {
        let route = Route::new("get_user", "GET", "/users/{id}", ApiKind::Rest, None);
        let headers = [("accept", "a"), ("accept", "b")];
        let event = event(&request("GET", "/users/42", "x=1&x=2", &headers, b"hi"), &matched(&route, "42"), "h");
        assert_eq!(event["resource"], "/users/{id}");
        assert_eq!(event["httpMethod"], "GET");
        assert_eq!(event["headers"], json!({"accept": "b"}));
        assert_eq!(event["multiValueHeaders"], json!({"accept": ["a", "b"]}));
        assert_eq!(event["queryStringParameters"], json!({"x": "2"}));
        assert_eq!(event["multiValueQueryStringParameters"], json!({"x": ["1", "2"]}));
        assert_eq!(event["requestContext"]["resourcePath"], "/users/{id}");
        assert_eq!(event["requestContext"]["path"], "/local/users/42");
        assert_eq!(event["body"], "hi");
        assert_eq!(event["stageVariables"], Value::Null);
    }

    #[test]
    fn binary_bodies_are_base64() {
        let route = Route::new("up", "POST", "/up", ApiKind::Http, None);
        let m = Matched { route: &route, parameters: BTreeMap::new() };
        let png = event(&request("POST", "/up", "", &[("content-type", "image/png")], &[0x89, b'P']), &m, "h");
        assert_eq!((png["body"].as_str(), png["isBase64Encoded"].as_bool()), (Some("iVA="), Some(true)));
        let json_body = event(&request("POST", "/up", "", &[("content-type", "application/json")], b"{}"), &m, "h");
        assert_eq!((json_body["body"].as_str(), json_body["isBase64Encoded"].as_bool()), (Some("{}"), Some(false)));
        let invalid_utf8 = event(&request("POST", "/up", "", &[("content-type", "text/plain")], &[0xff]), &m, "h");
        assert_eq!(invalid_utf8["isBase64Encoded"], true);
    }

    #[test]
    fn structured_responses() {
        let answer = json!({
            "statusCode": 201,
            "headers": {"Content-Type": "application/json", "x-one": "1"},
            "multiValueHeaders": {"x-one": ["a", "b"]},
            "cookies": ["s=1"],
            "body": "eyJhIjoxfQ==",
            "isBase64Encoded": true,
        });
        let response = response(ApiKind::Http, answer.to_string().as_bytes()).unwrap();
        assert_eq!(response.status, 201);
        assert_eq!(response.body, br#"{"a":1}"#);
        assert_eq!(
            response.headers,
            [("content-type", "application/json"), ("x-one", "a"), ("x-one", "b"), ("set-cookie", "s=1")]
                .map(|(n, v)| (n.to_string(), v.to_string()))
        );
    }

    #[test]
    fn other_answers() {
        let inferred = response(ApiKind::Http, br#"{"a":1}"#).unwrap();
        assert_eq!((inferred.status, inferred.body.as_slice()), (200, br#"{"a":1}"#.as_slice()));
        assert!(response(ApiKind::Rest, br#"{"a":1}"#).is_err());
        assert!(response(ApiKind::Http, br#"{"statusCode": 42}"#).is_err());
        assert!(response(ApiKind::Http, b"not json").is_err());
        assert!(response(ApiKind::Http, br#"{"statusCode": 200, "body": {"a": 1}}"#).is_err());
    }

    #[test]
    fn request_time_format() {
        assert_eq!(clf_time(1_795_741_200), "27/Nov/2026:01:00:00 +0000");
    }
}
