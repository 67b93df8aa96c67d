//! API Gateway REST APIs (payload format 1.0): one API per service holding every `api = rest` route, with the
//! resource tree, methods, CORS preflight, a deployment and a stage named after the `Stage` parameter.

use std::collections::BTreeMap;

use lambdaform_manifest::{ApiKind, Authorizer, Event, Function, HttpEvent, Manifest};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::super::function::permission;
use super::super::intrinsic::{get_att, r#ref, sub};
use super::super::names;
use super::super::target::Target;
use super::super::template::Template;
use super::cors::{self, MergedCors};
use super::http_api::{path_stem, route_stem};

pub const API_ID: &str = "RestApi";

pub fn routes(m: &Manifest) -> Vec<(&Function, &HttpEvent)> {
    let mut out = Vec::new();
    for f in &m.functions {
        for event in &f.events {
            if let Event::Http(http) = event {
                if http.api == ApiKind::Rest {
                    out.push((f, http));
                }
            }
        }
    }
    out
}

/// A REST API has no JWT authorizers (only Cognito and Lambda ones, which name a pool or a function).
pub fn check(m: &Manifest) -> Vec<String> {
    routes(m)
        .into_iter()
        .filter(|(_, h)| matches!(h.authorizer, Authorizer::Jwt { .. }))
        .map(|(f, h)| {
            format!(
                "function `{}`: route {} {} asks for a JWT authorizer on a REST API; JWT authorizers exist only on HTTP APIs (`api = http`)",
                f.name, h.method, h.path
            )
        })
        .collect()
}

/// The single origin a REST preflight answers with: API Gateway's mock integration returns one fixed header.
fn single_origin(c: &MergedCors) -> Result<String, String> {
    if c.origins.contains("*") {
        return Ok("*".into());
    }
    let mut origins = c.origins.iter();
    match (origins.next(), origins.next()) {
        (Some(one), None) => Ok(one.clone()),
        _ => Err(format!(
            "REST API routes allow the origins {:?}, but a REST API's CORS preflight answers with one origin; use `api = http` or one origin",
            c.origins
        )),
    }
}

fn url() -> Value {
    sub(format!("https://${{{API_ID}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/${{Stage}}/"))
}

/// Every path prefix of the routes, parent before child: `/users` and `/users/{id}` for `/users/{id}`.
fn path_tree(routes: &[(&Function, &HttpEvent)]) -> BTreeMap<String, (Option<String>, String)> {
    let mut tree = BTreeMap::new();
    for (_, http) in routes {
        let mut parent: Option<String> = None;
        let mut prefix = String::new();
        for segment in http.path.split('/').filter(|s| !s.is_empty()) {
            prefix.push('/');
            prefix.push_str(segment);
            tree.entry(prefix.clone()).or_insert_with(|| (parent.clone(), segment.to_string()));
            parent = Some(prefix.clone());
        }
    }
    tree
}

fn resource_ref(path: &str) -> Value {
    if path == "/" {
        get_att(API_ID, "RootResourceId")
    } else {
        r#ref(&format!("{API_ID}Resource{}", path_stem(path)))
    }
}

pub fn cloudformation(m: &Manifest, t: &mut Template) -> Result<(), String> {
    let routes = routes(m);
    if routes.is_empty() {
        return Ok(());
    }
    let target = Target::CloudFormation;
    t.add(
        API_ID,
        json!({
            "Type": "AWS::ApiGateway::RestApi",
            "Properties": {
                "Name": sub(format!("{}-${{Stage}}", m.service)),
                "EndpointConfiguration": { "Types": ["REGIONAL"] },
            },
        }),
    )?;
    for (path, (parent, part)) in path_tree(&routes) {
        t.add(
            format!("{API_ID}Resource{}", path_stem(&path)),
            json!({
                "Type": "AWS::ApiGateway::Resource",
                "Properties": {
                    "ParentId": resource_ref(parent.as_deref().unwrap_or("/")),
                    "PathPart": part,
                    "RestApiId": r#ref(API_ID),
                },
            }),
        )?;
    }
    let mut methods = Vec::new();
    let mut permitted: Vec<&str> = Vec::new();
    for (f, http) in &routes {
        let stem = names::function_stem(f);
        let arn = match f.provisioned_concurrency {
            Some(_) => format!("${{{}}}", target.alias_id(f)),
            None => format!("${{{}.Arn}}", target.function_id(f)),
        };
        let auth = if http.authorizer == Authorizer::Iam { "AWS_IAM" } else { "NONE" };
        let id = format!("{API_ID}Method{}", route_stem(http));
        t.add(
            &id,
            json!({
                "Type": "AWS::ApiGateway::Method",
                "Properties": {
                    "AuthorizationType": auth,
                    "HttpMethod": http.method,
                    "Integration": {
                        "IntegrationHttpMethod": "POST",
                        "Type": "AWS_PROXY",
                        "Uri": sub(format!(
                            "arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/{arn}/invocations"
                        )),
                    },
                    "ResourceId": resource_ref(&http.path),
                    "RestApiId": r#ref(API_ID),
                },
            }),
        )?;
        methods.push(id);
        if !permitted.contains(&f.name.as_str()) {
            permitted.push(&f.name);
            let source = sub(format!(
                "arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{API_ID}}}/*"
            ));
            t.add(format!("{stem}RestApiPermission"), permission(target, f, "apigateway.amazonaws.com", source))?;
        }
    }
    if let Some(c) = cors::merged(m, ApiKind::Rest) {
        let origin = single_origin(&c)?;
        let mut cors_paths: Vec<&str> =
            routes.iter().filter(|(_, h)| h.cors.is_some()).map(|(_, h)| h.path.as_str()).collect();
        cors_paths.sort_unstable();
        cors_paths.dedup();
        let headers = if c.headers.is_empty() {
            "Content-Type,Authorization,X-Amz-Date,X-Api-Key,X-Amz-Security-Token".to_string()
        } else {
            c.headers.iter().cloned().collect::<Vec<_>>().join(",")
        };
        let mut responses = json!({
            "method.response.header.Access-Control-Allow-Headers": format!("'{headers}'"),
            "method.response.header.Access-Control-Allow-Methods": format!("'{}'", c.methods_or(m, ApiKind::Rest).join(",")),
            "method.response.header.Access-Control-Allow-Origin": format!("'{origin}'"),
        });
        if let Some(age) = c.max_age {
            responses["method.response.header.Access-Control-Max-Age"] = json!(format!("'{age}'"));
        }
        if c.credentials {
            responses["method.response.header.Access-Control-Allow-Credentials"] = json!("'true'");
        }
        let declared: serde_json::Map<String, Value> =
            responses.as_object().into_iter().flatten().map(|(k, _)| (k.clone(), json!(false))).collect();
        for path in cors_paths {
            if routes.iter().any(|(_, h)| h.path == path && (h.method == "OPTIONS" || h.method == "ANY")) {
                continue; // the user's own OPTIONS route answers preflight
            }
            let id = format!("{API_ID}MethodOptions{}", path_stem(path));
            t.add(
                &id,
                json!({
                    "Type": "AWS::ApiGateway::Method",
                    "Properties": {
                        "AuthorizationType": "NONE",
                        "HttpMethod": "OPTIONS",
                        "Integration": {
                            "Type": "MOCK",
                            "RequestTemplates": { "application/json": "{\"statusCode\": 200}" },
                            "IntegrationResponses": [{ "StatusCode": "200", "ResponseParameters": responses }],
                        },
                        "MethodResponses": [{ "StatusCode": "200", "ResponseParameters": declared }],
                        "ResourceId": resource_ref(path),
                        "RestApiId": r#ref(API_ID),
                    },
                }),
            )?;
            methods.push(id);
        }
    }
    methods.sort();
    // A deployment is a snapshot of the API: it must be replaced whenever a route or its integration changes, so
    // its logical ID carries a digest of the route table (this is the one ID that depends on function names).
    let mut table: Vec<String> =
        routes.iter().map(|(f, h)| format!("{} {} {} {:?}", h.method, h.path, f.name, h.authorizer)).collect();
    table.sort();
    let digest = Sha256::digest(table.join("\n"));
    let hex: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
    let deployment = format!("{API_ID}Deployment{hex}");
    t.add(
        &deployment,
        json!({ "Type": "AWS::ApiGateway::Deployment", "DependsOn": methods, "Properties": { "RestApiId": r#ref(API_ID) } }),
    )?;
    t.add(
        format!("{API_ID}Stage"),
        json!({
            "Type": "AWS::ApiGateway::Stage",
            "Properties": {
                "DeploymentId": r#ref(&deployment),
                "RestApiId": r#ref(API_ID),
                "StageName": r#ref("Stage"),
                "TracingEnabled": traced(&routes),
            },
        }),
    )?;
    t.output(format!("{API_ID}Url"), "URL of the REST API", url());
    Ok(())
}

/// X-Ray on the stage when a function behind it traces actively, so traces start at the API.
fn traced(routes: &[(&Function, &HttpEvent)]) -> bool {
    routes.iter().any(|(f, _)| f.tracing == Some(lambdaform_manifest::Tracing::Active))
}

/// SAM's `AWS::Serverless::Api` carrying the stage and CORS.
pub fn sam_resource(m: &Manifest, t: &mut Template) -> Result<(), String> {
    if routes(m).is_empty() {
        return Ok(());
    }
    let mut p = json!({
        "StageName": r#ref("Stage"),
        "EndpointConfiguration": { "Type": "REGIONAL" },
        "TracingEnabled": traced(&routes(m)),
    });
    if let Some(c) = cors::merged(m, ApiKind::Rest) {
        let mut cors = json!({
            "AllowOrigin": format!("'{}'", single_origin(&c)?),
            "AllowMethods": format!("'{}'", c.methods_or(m, ApiKind::Rest).join(",")),
        });
        if !c.headers.is_empty() {
            cors["AllowHeaders"] = json!(format!("'{}'", c.headers.iter().cloned().collect::<Vec<_>>().join(",")));
        }
        if let Some(age) = c.max_age {
            cors["MaxAge"] = json!(format!("'{age}'"));
        }
        if c.credentials {
            cors["AllowCredentials"] = json!(true);
        }
        p["Cors"] = cors;
    }
    t.add(API_ID, json!({ "Type": "AWS::Serverless::Api", "Properties": p }))?;
    t.output(format!("{API_ID}Url"), "URL of the REST API", url());
    Ok(())
}

pub fn sam_event(http: &HttpEvent) -> (String, Value) {
    let mut p = json!({ "RestApiId": r#ref(API_ID), "Method": http.method.to_ascii_lowercase(), "Path": http.path });
    if http.authorizer == Authorizer::Iam {
        p["Auth"] = json!({ "Authorizer": "AWS_IAM" });
    }
    (route_stem(http), json!({ "Type": "Api", "Properties": p }))
}

pub fn serverless_event(http: &HttpEvent) -> Result<Value, String> {
    let mut e = json!({ "method": http.method.to_ascii_lowercase(), "path": http.path });
    match &http.authorizer {
        Authorizer::None => {}
        Authorizer::Iam => e["authorizer"] = json!("aws_iam"),
        Authorizer::Jwt { .. } => {
            return Err(format!("route {} {}: JWT authorizers exist only on HTTP APIs", http.method, http.path))
        }
    }
    if let Some(c) = &http.cors {
        let mut cors = json!({ "origins": c.allow_origins });
        if !c.allow_headers.is_empty() {
            cors["headers"] = json!(c.allow_headers);
        }
        if let Some(age) = c.max_age {
            cors["maxAge"] = json!(age);
        }
        if c.allow_credentials {
            cors["allowCredentials"] = json!(true);
        }
        e["cors"] = cors;
    }
    Ok(json!({ "http": e }))
}
