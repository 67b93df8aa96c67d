//! EventBridge rules: schedules, event patterns, an existing bucket's S3 events, and warm-up pings.

use lambdaform_manifest::limits::WARMUP_PAYLOAD;
use lambdaform_manifest::{Function, ScheduleEvent};
use serde_json::{json, Value};

use super::super::function::permission;
use super::super::intrinsic::get_att;
use super::super::names;
use super::super::target::Target;
use super::super::template::Template;

/// EventBridge's limit of targets per rule.
const MAX_TARGETS: u32 = 5;

pub enum Trigger<'a> {
    Schedule(&'a ScheduleEvent),
    Pattern(Value),
}

/// A rule invoking `f`, and the permission that lets it.
pub fn add_rule(target: Target, f: &Function, id: &str, trigger: Trigger, t: &mut Template) -> Result<(), String> {
    let mut invoke = json!({ "Arn": target.invoke_arn(f), "Id": f.name });
    let mut properties = json!({ "State": "ENABLED" });
    match trigger {
        Trigger::Schedule(s) => {
            properties["ScheduleExpression"] = json!(s.expression);
            if let Some(input) = &s.input {
                invoke["Input"] = json!(input.to_string());
            }
        }
        Trigger::Pattern(pattern) => properties["EventPattern"] = pattern,
    }
    properties["Targets"] = json!([invoke]);
    t.add(id, json!({ "Type": "AWS::Events::Rule", "Properties": properties }))?;
    t.add(format!("{id}Permission"), permission(target, f, "events.amazonaws.com", get_att(id, "Arn")))
}

/// Warm-up: each tick sends `concurrency` pings at once, one rule target per ping. A rule holds at most five
/// targets, so larger counts fan out over several rules on the same schedule (`{Fn}Warmup`, `{Fn}Warmup2`, ...).
pub fn warmup(target: Target, f: &Function, t: &mut Template) -> Result<(), String> {
    let Some(warmup) = &f.warmup else { return Ok(()) };
    let stem = names::function_stem(f);
    let rules = warmup.concurrency.div_ceil(MAX_TARGETS);
    for k in 0..rules {
        let id = if k == 0 { format!("{stem}Warmup") } else { format!("{stem}Warmup{}", k + 1) };
        let pings = (warmup.concurrency - k * MAX_TARGETS).min(MAX_TARGETS);
        let targets: Vec<Value> = (0..pings)
            .map(|p| {
                json!({
                    "Arn": target.invoke_arn(f),
                    "Id": format!("warmup-{}", k * MAX_TARGETS + p + 1),
                    "Input": WARMUP_PAYLOAD,
                })
            })
            .collect();
        t.add(
            &id,
            json!({
                "Type": "AWS::Events::Rule",
                "Properties": {
                    "Description": format!("Keeps {} warm: {} concurrent pings", f.name, warmup.concurrency),
                    "ScheduleExpression": warmup.schedule,
                    "State": "ENABLED",
                    "Targets": targets,
                },
            }),
        )?;
        t.add(format!("{id}Permission"), permission(target, f, "events.amazonaws.com", get_att(&id, "Arn")))?;
    }
    Ok(())
}

pub fn sam_schedule_event(s: &ScheduleEvent) -> Value {
    let mut p = json!({ "Schedule": s.expression });
    if let Some(input) = &s.input {
        p["Input"] = json!(input.to_string());
    }
    json!({ "Type": "Schedule", "Properties": p })
}

pub fn sam_pattern_event(pattern: Value) -> Value {
    json!({ "Type": "EventBridgeRule", "Properties": { "Pattern": pattern } })
}

pub fn serverless_schedule_event(s: &ScheduleEvent) -> Value {
    let mut schedule = json!({ "rate": [s.expression] });
    if let Some(input) = &s.input {
        schedule["input"] = input.clone();
    }
    json!({ "schedule": schedule })
}

pub fn serverless_pattern_event(pattern: Value) -> Value {
    json!({ "eventBridge": { "pattern": pattern } })
}
