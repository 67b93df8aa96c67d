//! What starts a state machine: `#[schedule]` and `#[event_bridge]` rules (a target with a role allowed
//! `states:StartExecution` on this machine alone), and `#[http]` routes on the service's HTTP API (an
//! `StepFunctions-StartExecution` integration, `StartSyncExecution` for Express, with its own role).

use lambdaform_manifest::{Event, MachineKind, StateMachine};
use serde_json::{json, Map, Value};

use super::super::events::http_api::{self, API_ID};
use super::super::intrinsic::{get_att, r#ref};
use super::super::names;
use super::super::template::Template;

/// Each event's name, unique within the machine: `Schedule`, `EventRule`, `HttpRoute`, then `Schedule2`, ...
pub fn event_names(machine: &StateMachine) -> Vec<String> {
    let mut seen = std::collections::BTreeMap::new();
    machine
        .events
        .iter()
        .map(|event| {
            let base = match event {
                Event::Schedule(_) => "Schedule",
                Event::EventBridge { .. } => "EventRule",
                _ => "HttpRoute",
            };
            let n = seen.entry(base).or_insert(0);
            *n += 1;
            if *n == 1 {
                base.to_string()
            } else {
                format!("{base}{n}")
            }
        })
        .collect()
}

fn assume(service: &str) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{ "Effect": "Allow", "Principal": { "Service": service }, "Action": "sts:AssumeRole" }],
    })
}

fn start_role(machine: &StateMachine, principal: &str, action: &str) -> Value {
    let id = names::state_machine_stem(machine);
    json!({
        "Type": "AWS::IAM::Role",
        "Properties": {
            "AssumeRolePolicyDocument": assume(principal),
            "Policies": [{
                "PolicyName": format!("{}-start", machine.name),
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [{ "Effect": "Allow", "Action": action, "Resource": r#ref(&id) }],
                },
            }],
        },
    })
}

/// Raw EventBridge rules for the machine's schedules and patterns, and the one role they start it with.
pub fn rules_raw(machine: &StateMachine, t: &mut Template) -> Result<(), String> {
    let id = names::state_machine_stem(machine);
    let role = format!("{id}EventsRole");
    let mut any = false;
    for (event, name) in machine.events.iter().zip(event_names(machine)) {
        let mut target = json!({ "Arn": r#ref(&id), "Id": machine.name, "RoleArn": get_att(&role, "Arn") });
        let mut properties = json!({ "State": "ENABLED" });
        match event {
            Event::Schedule(s) => {
                properties["ScheduleExpression"] = json!(s.expression);
                if let Some(input) = &s.input {
                    target["Input"] = json!(input.to_string());
                }
            }
            Event::EventBridge { pattern } => properties["EventPattern"] = pattern.clone(),
            _ => continue,
        }
        properties["Targets"] = json!([target]);
        t.add(format!("{id}{name}"), json!({ "Type": "AWS::Events::Rule", "Properties": properties }))?;
        any = true;
    }
    if any {
        t.add(role, start_role(machine, "events.amazonaws.com", "states:StartExecution"))?;
    }
    Ok(())
}

/// Raw HTTP API routes to the machine: one integration and role per machine, a route per `#[http]`.
pub fn http_raw(machine: &StateMachine, t: &mut Template) -> Result<(), String> {
    let id = names::state_machine_stem(machine);
    let routes: Vec<_> =
        machine.events.iter().filter_map(|e| if let Event::Http(h) = e { Some(h) } else { None }).collect();
    if routes.is_empty() {
        return Ok(());
    }
    let (subtype, action) = match machine.kind {
        MachineKind::Standard => ("StepFunctions-StartExecution", "states:StartExecution"),
        // An Express machine answers the request with its result.
        MachineKind::Express => ("StepFunctions-StartSyncExecution", "states:StartSyncExecution"),
    };
    let role = format!("{id}ApiRole");
    t.add(&role, start_role(machine, "apigateway.amazonaws.com", action))?;
    let integration = format!("{id}HttpApiIntegration");
    t.add(
        &integration,
        json!({
            "Type": "AWS::ApiGatewayV2::Integration",
            "Properties": {
                "ApiId": r#ref(API_ID),
                "CredentialsArn": get_att(&role, "Arn"),
                "IntegrationSubtype": subtype,
                "IntegrationType": "AWS_PROXY",
                "PayloadFormatVersion": "1.0",
                "RequestParameters": { "Input": "$request.body", "StateMachineArn": r#ref(&id) },
            },
        }),
    )?;
    // JWT authorizers are refused on machine routes by the gate.
    for http in routes {
        http_api::add_route(t, http, &integration)?;
    }
    Ok(())
}

/// SAM's native `Events` of a machine: schedules and patterns (SAM makes their roles).
pub fn sam_events(machine: &StateMachine) -> Map<String, Value> {
    let mut out = Map::new();
    for (event, name) in machine.events.iter().zip(event_names(machine)) {
        let value = match event {
            Event::Schedule(s) => {
                let mut p = json!({ "Schedule": s.expression });
                if let Some(input) = &s.input {
                    p["Input"] = json!(input.to_string());
                }
                json!({ "Type": "Schedule", "Properties": p })
            }
            Event::EventBridge { pattern } => {
                json!({ "Type": "EventBridgeRule", "Properties": { "Pattern": pattern } })
            }
            _ => continue,
        };
        out.insert(name, value);
    }
    out
}

/// The step functions plugin's `events` of a machine: schedules and patterns (the plugin makes their roles).
pub fn serverless_events(machine: &StateMachine) -> Vec<Value> {
    let mut out = Vec::new();
    for event in &machine.events {
        match event {
            Event::Schedule(s) => {
                let mut schedule = json!({ "rate": s.expression });
                if let Some(input) = &s.input {
                    schedule["input"] = input.clone();
                }
                out.push(json!({ "schedule": schedule }));
            }
            Event::EventBridge { pattern } => out.push(json!({ "eventBridge": { "event": pattern } })),
            _ => {}
        }
    }
    out
}
