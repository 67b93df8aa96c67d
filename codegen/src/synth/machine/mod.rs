//! State machines: each `#[state_machine]` becomes a Step Functions state machine with its own least-privilege
//! role (derived by walking its definition), an execution log group when it is Express, and its triggers; in
//! CloudFormation, SAM and the Serverless Framework's step functions plugin alike.

pub mod arn;
mod gate;
mod iam;
mod substitution;
mod triggers;
pub mod walk;

use lambdaform_manifest::limits::DEFAULT_LOG_RETENTION_DAYS;
use lambdaform_manifest::{Event, HttpEvent, MachineKind, Manifest, StateMachine};
use serde_json::{json, Value};

use super::intrinsic::{get_att, r#ref, sub};
use super::names;
use super::target::Target;
use super::template::Template;

pub use gate::check;

/// The step functions plugin, which gives serverless.yml its `stepFunctions` section.
pub const SERVERLESS_PLUGIN: &str = "serverless-step-functions";

pub fn kind(machine: &StateMachine) -> &'static str {
    match machine.kind {
        MachineKind::Standard => "STANDARD",
        MachineKind::Express => "EXPRESS",
    }
}

pub fn role_id(machine: &StateMachine) -> String {
    format!("{}Role", names::state_machine_stem(machine))
}

pub fn log_group_id(machine: &StateMachine) -> String {
    format!("{}LogGroup", names::state_machine_stem(machine))
}

/// Every `#[http]` route of every machine.
pub fn http_routes(m: &Manifest) -> Vec<(&StateMachine, &HttpEvent)> {
    let mut out = Vec::new();
    for machine in &m.state_machines {
        for event in &machine.events {
            if let Event::Http(http) = event {
                out.push((machine, http));
            }
        }
    }
    out
}

/// The machine's role and, for Express, its log group; returns the logging level, data flag and log group ARN.
fn add_role_and_logs(
    m: &Manifest,
    machine: &StateMachine,
    target: Target,
    t: &mut Template,
) -> Result<Option<Value>, String> {
    let needs = walk::walk(&machine.definition, "").needs;
    t.add(role_id(machine), iam::role(m, machine, &needs, target))?;
    if machine.kind != MachineKind::Express {
        return Ok(None);
    }
    // Express executions keep no history in Step Functions: the log is the only record of them.
    let id = log_group_id(machine);
    t.add(
        &id,
        json!({
            "Type": "AWS::Logs::LogGroup",
            "Properties": {
                // The `/aws/vendedlogs/` prefix keeps CloudWatch Logs' resource policy from growing per machine.
                "LogGroupName": sub(format!("/aws/vendedlogs/states/{}", names::state_machine_name_pattern(&m.service, machine))),
                "RetentionInDays": DEFAULT_LOG_RETENTION_DAYS,
            },
        }),
    )?;
    Ok(Some(get_att(&id, "Arn")))
}

/// `LoggingConfiguration` in CloudFormation's spelling (SAM's `Logging` is the same object).
fn logging(log_group: &Value) -> Value {
    json!({
        "Destinations": [{ "CloudWatchLogsLogGroup": { "LogGroupArn": log_group } }],
        // Execution data holds the workflow's inputs and outputs; off, like a function's payloads are not logged.
        "IncludeExecutionData": false,
        "Level": "ALL",
    })
}

/// Every machine as raw CloudFormation, with its role, log group and triggers.
pub fn cloudformation(m: &Manifest, t: &mut Template) -> Result<(), String> {
    let target = Target::CloudFormation;
    for machine in &m.state_machines {
        let log_group = add_role_and_logs(m, machine, target, t)?;
        let (definition, substitutions) = substitution::substituted(m, &machine.definition, target);
        let mut p = json!({
            "DefinitionString": substitution::definition_string(&definition.to_string(), &substitutions),
            "RoleArn": get_att(&role_id(machine), "Arn"),
            "StateMachineName": sub(names::state_machine_name_pattern(&m.service, machine)),
            "StateMachineType": kind(machine),
        });
        if let Some(group) = &log_group {
            p["LoggingConfiguration"] = logging(group);
        }
        t.add(
            names::state_machine_stem(machine),
            json!({ "Type": "AWS::StepFunctions::StateMachine", "Properties": p }),
        )?;
        triggers::rules_raw(machine, t)?;
        triggers::http_raw(machine, t)?;
    }
    Ok(())
}

/// Every machine as `AWS::Serverless::StateMachine`, schedules and patterns as its `Events`.
pub fn sam(m: &Manifest, t: &mut Template) -> Result<(), String> {
    let target = Target::Sam;
    for machine in &m.state_machines {
        let log_group = add_role_and_logs(m, machine, target, t)?;
        let (definition, substitutions) = substitution::substituted(m, &machine.definition, target);
        let mut p = json!({
            "Definition": definition,
            "Name": sub(names::state_machine_name_pattern(&m.service, machine)),
            "Role": get_att(&role_id(machine), "Arn"),
            "Type": kind(machine),
        });
        if !substitutions.is_empty() {
            p["DefinitionSubstitutions"] = json!(substitutions);
        }
        if let Some(group) = &log_group {
            p["Logging"] = logging(group);
        }
        let events = triggers::sam_events(machine);
        if !events.is_empty() {
            p["Events"] = Value::Object(events);
        }
        t.add(names::state_machine_stem(machine), json!({ "Type": "AWS::Serverless::StateMachine", "Properties": p }))?;
        triggers::http_raw(machine, t)?;
    }
    Ok(())
}

/// serverless.yml's `stepFunctions.stateMachines` (keyed and `id`'d by our logical ID, so the plugin keeps it);
/// roles, log groups and HTTP routes go into `raw`. `None` when the service has no machines.
pub fn serverless(m: &Manifest, raw: &mut Template) -> Result<Option<Value>, String> {
    if m.state_machines.is_empty() {
        return Ok(None);
    }
    let target = Target::Serverless;
    let mut machines = serde_json::Map::new();
    for machine in &m.state_machines {
        let id = names::state_machine_stem(machine);
        let log_group = add_role_and_logs(m, machine, target, raw)?;
        let mut entry = json!({
            "id": id,
            "name": format!("{}-${{sls:stage}}-{}", m.service, machine.name),
            "type": kind(machine),
            "role": get_att(&role_id(machine), "Arn"),
            "definition": substitution::inlined(m, &machine.definition, target),
        });
        if let Some(group) = &log_group {
            entry["loggingConfig"] = json!({ "level": "ALL", "includeExecutionData": false, "destinations": [group] });
        }
        let events = triggers::serverless_events(machine);
        if !events.is_empty() {
            entry["events"] = json!(events);
        }
        machines.insert(id, entry);
        triggers::http_raw(machine, raw)?;
    }
    Ok(Some(json!({ "stateMachines": machines })))
}

/// Each machine's ARN. The step functions plugin writes the same outputs itself in serverless.yml.
pub fn outputs(target: Target, m: &Manifest, t: &mut Template) {
    if target == Target::Serverless {
        return;
    }
    for machine in &m.state_machines {
        let id = names::state_machine_stem(machine);
        t.output(format!("{id}Arn"), &format!("ARN of state machine {}", machine.name), r#ref(&id));
    }
}
