// Reads a synthesised output back into a target-neutral description of the service, so the three outputs can be
// compared: which functions, which routes reach which handler, which triggers invoke which handler, which
// resources exist. Shared by the synth test binaries (`mod synth_describe;`).
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Described {
    pub functions: BTreeSet<String>,
    /// (api kind, METHOD, path, handler)
    pub routes: BTreeSet<(String, String, String, String)>,
    /// (handler, trigger kind, what: queue/table/topic/bucket logical ID, schedule, pattern)
    pub triggers: BTreeSet<(String, String, String)>,
    /// Logical IDs of tables, buckets, topics and queues.
    pub resources: BTreeSet<String>,
}

const STATEFUL: [&str; 4] = ["AWS::DynamoDB::Table", "AWS::S3::Bucket", "AWS::SNS::Topic", "AWS::SQS::Queue"];

fn s(v: &Value) -> String {
    v.as_str().map(String::from).unwrap_or_else(|| v.to_string())
}

/// A JSON value or a string holding JSON, as canonical JSON text (so inputs compare across spellings).
fn canonical(v: &Value) -> String {
    match v.as_str().and_then(|t| serde_json::from_str::<Value>(t).ok()) {
        Some(parsed) => parsed.to_string(),
        None => v.to_string(),
    }
}

/// The logical ID a `Ref` or `Fn::GetAtt` points at.
fn target_id(v: &Value) -> Option<String> {
    if let Some(r) = v.get("Ref") {
        return r.as_str().map(String::from);
    }
    v.get("Fn::GetAtt").and_then(|a| a.get(0)).and_then(Value::as_str).map(String::from)
}

/// Triggers spelled as raw CloudFormation, whichever output they sit in. `handlers` maps the logical IDs of
/// functions and aliases to handler names.
fn raw_triggers(resources: &serde_json::Map<String, Value>, handlers: &BTreeMap<String, String>, d: &mut Described) {
    let handler = |v: &Value| target_id(v).and_then(|id| handlers.get(&id).cloned());
    for (id, r) in resources {
        let p = &r["Properties"];
        match r["Type"].as_str().unwrap_or_default() {
            kind if STATEFUL.contains(&kind) => {
                d.resources.insert(id.clone());
                for c in p["NotificationConfiguration"]["LambdaConfigurations"].as_array().into_iter().flatten() {
                    if let Some(h) = handler(&c["Function"]) {
                        d.triggers.insert((h, "s3".into(), format!("{id} {}", s(&c["Event"]))));
                    }
                }
            }
            "AWS::Lambda::EventSourceMapping" => {
                let source = &p["EventSourceArn"]["Fn::GetAtt"];
                let kind = if source[1] == "StreamArn" { "stream" } else { "sqs" };
                if let Some(h) = handler(&p["FunctionName"]) {
                    d.triggers.insert((h, kind.into(), s(&source[0])));
                }
            }
            "AWS::SNS::Subscription" => {
                if let (Some(h), Some(topic)) = (handler(&p["Endpoint"]), target_id(&p["TopicArn"])) {
                    d.triggers.insert((h, "sns".into(), topic));
                }
            }
            "AWS::Events::Rule" => {
                for t in p["Targets"].as_array().into_iter().flatten() {
                    let Some(h) = handler(&t["Arn"]) else { continue };
                    let what = match p.get("ScheduleExpression") {
                        Some(e) => format!("{} {}", s(e), t.get("Input").map(canonical).unwrap_or_default()),
                        None => canonical(&p["EventPattern"]),
                    };
                    let kind = if p.get("ScheduleExpression").is_some() { "schedule" } else { "pattern" };
                    d.triggers.insert((h, kind.into(), format!("{what} #{}", s(&t["Id"]).starts_with("warmup"))));
                }
            }
            _ => {}
        }
    }
}

pub fn cloudformation(doc: &Value) -> Described {
    let resources = doc["Resources"].as_object().unwrap();
    let mut d = Described::default();
    let mut handlers = BTreeMap::new();
    for (id, r) in resources {
        if r["Type"] == "AWS::Lambda::Function" {
            let h = s(&r["Properties"]["Handler"]);
            handlers.insert(format!("{id}AliasLive"), h.clone());
            handlers.insert(id.clone(), h.clone());
            d.functions.insert(h);
        }
    }
    raw_triggers(resources, &handlers, &mut d);
    let handler_in_sub = |text: &str| {
        handlers
            .iter()
            .find(|(id, _)| text.contains(&format!("${{{id}.Arn}}")) || text.contains(&format!("${{{id}}}")))
            .map(|(_, h)| h.clone())
    };
    for r in resources.values() {
        let p = &r["Properties"];
        match r["Type"].as_str().unwrap_or_default() {
            "AWS::ApiGatewayV2::Route" => {
                let key = s(&p["RouteKey"]);
                let (method, path) = key.split_once(' ').unwrap();
                let integration =
                    s(&p["Target"]["Fn::Sub"]).trim_start_matches("integrations/${").trim_end_matches('}').to_string();
                let h = target_id(&resources[&integration]["Properties"]["IntegrationUri"])
                    .and_then(|id| handlers.get(&id).cloned())
                    .unwrap();
                d.routes.insert(("http".into(), method.into(), path.into(), h));
            }
            "AWS::ApiGateway::Method" if p["Integration"]["Type"] == "AWS_PROXY" => {
                let h = handler_in_sub(p["Integration"]["Uri"]["Fn::Sub"].as_str().unwrap()).unwrap();
                d.routes.insert(("rest".into(), s(&p["HttpMethod"]), path_of(resources, &p["ResourceId"]), h));
            }
            _ => {}
        }
    }
    d
}

/// The path of a REST API resource, following `ParentId` up to the root.
fn path_of<'a>(resources: &'a serde_json::Map<String, Value>, mut v: &'a Value) -> String {
    let mut parts = Vec::new();
    while let Some(id) = v.get("Ref").and_then(Value::as_str) {
        parts.push(s(&resources[id]["Properties"]["PathPart"]));
        v = &resources[id]["Properties"]["ParentId"];
    }
    parts.reverse();
    format!("/{}", parts.join("/"))
}

pub fn sam(doc: &Value) -> Described {
    let resources = doc["Resources"].as_object().unwrap();
    let mut d = Described::default();
    let mut handlers = BTreeMap::new();
    for (id, r) in resources {
        if r["Type"] == "AWS::Serverless::Function" {
            let h = s(&r["Properties"]["Handler"]);
            handlers.insert(format!("{id}AliasLive"), h.clone());
            handlers.insert(id.clone(), h.clone());
            d.functions.insert(h);
        }
    }
    raw_triggers(resources, &handlers, &mut d);
    for r in resources.values() {
        if r["Type"] != "AWS::Serverless::Function" {
            continue;
        }
        let h = s(&r["Properties"]["Handler"]);
        for e in r["Properties"]["Events"].as_object().into_iter().flatten().map(|(_, e)| e) {
            let p = &e["Properties"];
            let trigger = |kind: &str, what: String| (h.clone(), kind.to_string(), what);
            match e["Type"].as_str().unwrap() {
                "HttpApi" => {
                    d.routes.insert(("http".into(), s(&p["Method"]), s(&p["Path"]), h.clone()));
                }
                "Api" => {
                    d.routes.insert(("rest".into(), s(&p["Method"]).to_uppercase(), s(&p["Path"]), h.clone()));
                }
                "SQS" => {
                    d.triggers.insert(trigger("sqs", target_id(&p["Queue"]).unwrap()));
                }
                "DynamoDB" => {
                    d.triggers.insert(trigger("stream", target_id(&p["Stream"]).unwrap()));
                }
                "SNS" => {
                    d.triggers.insert(trigger("sns", target_id(&p["Topic"]).unwrap()));
                }
                "Schedule" => {
                    let input = p.get("Input").map(canonical).unwrap_or_default();
                    d.triggers.insert(trigger("schedule", format!("{} {input} #false", s(&p["Schedule"]))));
                }
                "EventBridgeRule" => {
                    d.triggers.insert(trigger("pattern", format!("{} #false", canonical(&p["Pattern"]))));
                }
                "S3" => {
                    let bucket = target_id(&p["Bucket"]).unwrap();
                    for event in p["Events"].as_array().unwrap() {
                        d.triggers.insert(trigger("s3", format!("{bucket} {}", s(event))));
                    }
                }
                other => panic!("unexpected SAM event type {other}"),
            }
        }
    }
    d
}

pub fn serverless(doc: &Value) -> Described {
    let empty = serde_json::Map::new();
    let resources = doc["resources"]["Resources"].as_object().unwrap_or(&empty);
    let mut d = Described::default();
    let mut handlers = BTreeMap::new();
    for (key, f) in doc["functions"].as_object().into_iter().flatten() {
        let h = s(&f["handler"]);
        handlers.insert(format!("{key}LambdaFunction"), h.clone());
        handlers.insert(format!("{key}ProvConcLambdaAlias"), h.clone());
        d.functions.insert(h.clone());
        for e in f["events"].as_array().into_iter().flatten() {
            let (kind, body) = e.as_object().unwrap().iter().next().unwrap();
            let trigger = |k: &str, what: String| (h.clone(), k.to_string(), what);
            match kind.as_str() {
                "httpApi" => {
                    let method = if body["method"] == "*" { "ANY".to_string() } else { s(&body["method"]) };
                    d.routes.insert(("http".into(), method, s(&body["path"]), h.clone()));
                }
                "http" => {
                    d.routes.insert(("rest".into(), s(&body["method"]).to_uppercase(), s(&body["path"]), h.clone()));
                }
                "sqs" => {
                    d.triggers.insert(trigger("sqs", target_id(&body["arn"]).unwrap()));
                }
                "stream" => {
                    d.triggers.insert(trigger("stream", target_id(&body["arn"]).unwrap()));
                }
                "sns" => {
                    d.triggers.insert(trigger("sns", target_id(&body["arn"]).unwrap()));
                }
                "schedule" => {
                    let input = body.get("input").map(canonical).unwrap_or_default();
                    d.triggers.insert(trigger("schedule", format!("{} {input} #false", s(&body["rate"][0]))));
                }
                "eventBridge" => {
                    d.triggers.insert(trigger("pattern", format!("{} #false", canonical(&body["pattern"]))));
                }
                other => panic!("unexpected serverless event {other}"),
            }
        }
    }
    raw_triggers(resources, &handlers, &mut d);
    d
}
