//! API Gateway HTTP APIs (payload format 2.0): one API per service holding every `api = http` route.

use std::collections::BTreeMap;

use lambdaform_manifest::{ApiKind, Authorizer, Event, Function, HttpEvent, Manifest};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use super::super::function::permission;
use super::super::intrinsic::{r#ref, sub};
use super::super::names;
use super::super::target::Target;
use super::super::template::Template;
use super::cors;

pub const API_ID: &str = "HttpApi";

pub fn routes(m: &Manifest) -> Vec<(&Function, &HttpEvent)> {
    let mut out = Vec::new();
    for f in &m.functions {
        for event in &f.events {
            if let Event::Http(http) = event {
                if http.api == ApiKind::Http {
                    out.push((f, http));
                }
            }
        }
    }
    out
}

/// `POST /users/{id}` → `PostUsersId`; the root path is `Root`.
pub fn route_stem(http: &HttpEvent) -> String {
    format!("{}{}", names::pascal(&http.method.to_ascii_lowercase()), path_stem(&http.path))
}

pub fn path_stem(path: &str) -> String {
    if path == "/" {
        "Root".into()
    } else {
        names::pascal(path)
    }
}

/// A JWT authorizer's name, from its issuer and audience: two routes with the same pair share one authorizer.
pub fn authorizer_name(issuer: &str, audience: &[String]) -> String {
    let digest = Sha256::digest(format!("{issuer}\n{}", audience.join("\n")));
    let hex: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    format!("Jwt{hex}")
}

/// Each distinct JWT authorizer of the API: name → (issuer, audience).
fn authorizers(m: &Manifest) -> BTreeMap<String, (String, Vec<String>)> {
    let mut out = BTreeMap::new();
    for (_, http) in routes(m) {
        if let Authorizer::Jwt { issuer, audience, .. } = &http.authorizer {
            out.insert(authorizer_name(issuer, audience), (issuer.clone(), audience.clone()));
        }
    }
    out
}

fn cors_configuration(m: &Manifest) -> Option<Value> {
    let c = cors::merged(m, ApiKind::Http)?;
    let mut out = json!({ "AllowOrigins": c.origins, "AllowMethods": c.methods_or(m, ApiKind::Http) });
    if !c.headers.is_empty() {
        out["AllowHeaders"] = json!(c.headers);
    }
    if let Some(age) = c.max_age {
        out["MaxAge"] = json!(age);
    }
    if c.credentials {
        out["AllowCredentials"] = json!(true);
    }
    Some(out)
}

/// The access log line: one JSON object per request.
const ACCESS_LOG_FORMAT: &str = r#"{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","requestTime":"$context.requestTime","routeKey":"$context.routeKey","status":"$context.status","latency":"$context.responseLatency","integrationError":"$context.integrationErrorMessage"}"#;
const ACCESS_LOG_ID: &str = "HttpApiAccessLogs";

/// The access-log group of the API, and the stage setting pointing at it.
fn add_access_logs(m: &Manifest, t: &mut Template) -> Result<Value, String> {
    t.add(
        ACCESS_LOG_ID,
        json!({
            "Type": "AWS::Logs::LogGroup",
            "Properties": {
                "LogGroupName": sub(format!("/aws/http-api/{}-${{Stage}}", m.service)),
                "RetentionInDays": lambdaform_manifest::limits::DEFAULT_LOG_RETENTION_DAYS,
            },
        }),
    )?;
    Ok(json!({ "DestinationArn": super::super::intrinsic::get_att(ACCESS_LOG_ID, "Arn"), "Format": ACCESS_LOG_FORMAT }))
}

fn url() -> Value {
    sub(format!("https://${{{API_ID}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/"))
}

/// Whether the service needs its HTTP API: for a function's route or a state machine's.
pub fn needed(m: &Manifest) -> bool {
    !routes(m).is_empty() || !super::super::machine::http_routes(m).is_empty()
}

/// The API itself, its `$default` stage with access logs, and its URL output: raw CloudFormation, also used in
/// serverless.yml when only state machines have routes (the Framework makes the API only for functions').
pub fn add_raw_api(m: &Manifest, t: &mut Template) -> Result<(), String> {
    let mut api = json!({ "Name": sub(format!("{}-${{Stage}}", m.service)), "ProtocolType": "HTTP" });
    if let Some(cors) = cors_configuration(m) {
        api["CorsConfiguration"] = cors;
    }
    t.add(API_ID, json!({ "Type": "AWS::ApiGatewayV2::Api", "Properties": api }))?;
    let access_logs = add_access_logs(m, t)?;
    t.add(
        format!("{API_ID}Stage"),
        json!({
            "Type": "AWS::ApiGatewayV2::Stage",
            "Properties": {
                "AccessLogSettings": access_logs,
                "ApiId": r#ref(API_ID),
                "AutoDeploy": true,
                "StageName": "$default",
            },
        }),
    )?;
    t.output(format!("{API_ID}Url"), "URL of the HTTP API", url());
    Ok(())
}

pub fn cloudformation(m: &Manifest, t: &mut Template) -> Result<(), String> {
    if !needed(m) {
        return Ok(());
    }
    add_raw_api(m, t)?;
    let target = Target::CloudFormation;
    for (name, (issuer, audience)) in authorizers(m) {
        t.add(
            format!("{API_ID}Authorizer{name}"),
            json!({
                "Type": "AWS::ApiGatewayV2::Authorizer",
                "Properties": {
                    "ApiId": r#ref(API_ID),
                    "AuthorizerType": "JWT",
                    "IdentitySource": ["$request.header.Authorization"],
                    "JwtConfiguration": { "Audience": audience, "Issuer": issuer },
                    "Name": name,
                },
            }),
        )?;
    }
    let mut integrated: Vec<&str> = Vec::new();
    for (f, http) in routes(m) {
        let stem = names::function_stem(f);
        let integration = format!("{stem}HttpApiIntegration");
        if !integrated.contains(&f.name.as_str()) {
            integrated.push(&f.name);
            t.add(
                &integration,
                json!({
                    "Type": "AWS::ApiGatewayV2::Integration",
                    "Properties": {
                        "ApiId": r#ref(API_ID),
                        "IntegrationType": "AWS_PROXY",
                        "IntegrationUri": target.invoke_arn(f),
                        "PayloadFormatVersion": "2.0",
                    },
                }),
            )?;
            let source = sub(format!(
                "arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{API_ID}}}/*"
            ));
            t.add(format!("{stem}HttpApiPermission"), permission(target, f, "apigateway.amazonaws.com", source))?;
        }
        add_route(t, http, &integration)?;
    }
    Ok(())
}

/// The raw `AWS::ApiGatewayV2::Route` of one `#[http]` event (a function's or a state machine's), sending its
/// requests to `integration`.
pub fn add_route(t: &mut Template, http: &HttpEvent, integration: &str) -> Result<(), String> {
    let mut route = json!({
        "ApiId": r#ref(API_ID),
        "RouteKey": format!("{} {}", http.method, http.path),
        "Target": sub(format!("integrations/${{{integration}}}")),
    });
    match &http.authorizer {
        Authorizer::None => route["AuthorizationType"] = json!("NONE"),
        Authorizer::Iam => route["AuthorizationType"] = json!("AWS_IAM"),
        Authorizer::Jwt { issuer, audience, scopes } => {
            route["AuthorizationType"] = json!("JWT");
            route["AuthorizerId"] = r#ref(&format!("{API_ID}Authorizer{}", authorizer_name(issuer, audience)));
            if !scopes.is_empty() {
                route["AuthorizationScopes"] = json!(scopes);
            }
        }
    }
    t.add(
        format!("{API_ID}Route{}", route_stem(http)),
        json!({ "Type": "AWS::ApiGatewayV2::Route", "Properties": route }),
    )
}

/// SAM's `AWS::Serverless::HttpApi` carrying the API-wide settings (CORS, authorizers).
pub fn sam_resource(m: &Manifest, t: &mut Template) -> Result<(), String> {
    if !needed(m) {
        return Ok(());
    }
    let routes = routes(m);
    let mut p = Map::new();
    p.insert("AccessLogSettings".into(), add_access_logs(m, t)?);
    if let Some(cors) = cors_configuration(m) {
        p.insert("CorsConfiguration".into(), cors);
    }
    let mut auth = Map::new();
    let jwt: Map<String, Value> = authorizers(m)
        .into_iter()
        .map(|(name, (issuer, audience))| {
            let config = json!({
                "IdentitySource": "$request.header.Authorization",
                "JwtConfiguration": { "audience": audience, "issuer": issuer },
            });
            (name, config)
        })
        .collect();
    if !jwt.is_empty() {
        auth.insert("Authorizers".into(), Value::Object(jwt));
    }
    if routes.iter().any(|(_, h)| h.authorizer == Authorizer::Iam) {
        auth.insert("EnableIamAuthorizer".into(), json!(true));
    }
    if !auth.is_empty() {
        p.insert("Auth".into(), Value::Object(auth));
    }
    t.add(API_ID, json!({ "Type": "AWS::Serverless::HttpApi", "Properties": p }))?;
    t.output(format!("{API_ID}Url"), "URL of the HTTP API", url());
    Ok(())
}

pub fn sam_event(http: &HttpEvent) -> (String, Value) {
    let mut p = json!({
        "ApiId": r#ref(API_ID),
        "Method": http.method,
        "Path": http.path,
        "PayloadFormatVersion": "2.0",
    });
    match &http.authorizer {
        Authorizer::None => {}
        Authorizer::Iam => p["Auth"] = json!({ "Authorizer": "AWS_IAM" }),
        Authorizer::Jwt { issuer, audience, scopes } => {
            p["Auth"] = json!({ "Authorizer": authorizer_name(issuer, audience) });
            if !scopes.is_empty() {
                p["Auth"]["AuthorizationScopes"] = json!(scopes);
            }
        }
    }
    (route_stem(http), json!({ "Type": "HttpApi", "Properties": p }))
}

pub fn serverless_event(http: &HttpEvent) -> Value {
    let method = if http.method == "ANY" { "*".to_string() } else { http.method.clone() };
    let mut e = json!({ "method": method, "path": http.path });
    match &http.authorizer {
        Authorizer::None => {}
        Authorizer::Iam => e["authorizer"] = json!({ "type": "aws_iam" }),
        Authorizer::Jwt { issuer, audience, scopes } => {
            e["authorizer"] = json!({ "name": authorizer_name(issuer, audience) });
            if !scopes.is_empty() {
                e["authorizer"]["scopes"] = json!(scopes);
            }
        }
    }
    json!({ "httpApi": e })
}

/// `provider.httpApi`: CORS and the JWT authorizers.
pub fn serverless_provider(m: &Manifest) -> Option<Value> {
    if routes(m).is_empty() {
        return None;
    }
    let mut out = Map::new();
    if let Some(c) = cors::merged(m, ApiKind::Http) {
        let mut cors = json!({ "allowedOrigins": c.origins, "allowedMethods": c.methods_or(m, ApiKind::Http) });
        if !c.headers.is_empty() {
            cors["allowedHeaders"] = json!(c.headers);
        }
        if let Some(age) = c.max_age {
            cors["maxAge"] = json!(age);
        }
        if c.credentials {
            cors["allowCredentials"] = json!(true);
        }
        out.insert("cors".into(), cors);
    }
    let jwt: Map<String, Value> = authorizers(m)
        .into_iter()
        .map(|(name, (issuer, audience))| {
            let config = json!({
                "type": "jwt",
                "identitySource": "$request.header.Authorization",
                "issuerUrl": issuer,
                "audience": audience,
            });
            (name, config)
        })
        .collect();
    if !jwt.is_empty() {
        out.insert("authorizers".into(), Value::Object(jwt));
    }
    Some(Value::Object(out))
}
