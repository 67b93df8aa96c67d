//! An alarm trigger: a CloudWatch alarm publishing to a topic of its own, which invokes the function. Raw
//! CloudFormation in all three outputs (neither SAM nor the Framework has a native spelling).

use lambdaform_manifest::{Alarm, Function, Manifest};
use serde_json::{json, Value};

use super::super::function::permission;
use super::super::intrinsic::{r#ref, sub};
use super::super::names;
use super::super::target::Target;
use super::super::template::Template;

pub fn raw(
    target: Target,
    m: &Manifest,
    f: &Function,
    alarm: &Alarm,
    id: &str,
    t: &mut Template,
) -> Result<(), String> {
    let topic = format!("{id}Topic");
    t.add(&topic, json!({ "Type": "AWS::SNS::Topic", "Properties": {} }))?;
    let dimensions: Vec<Value> = alarm
        .dimensions
        .iter()
        .map(|(name, value)| {
            // `function:NAME` stands for that function's deployed name.
            let value = match value.strip_prefix("function:").and_then(|n| m.function(n)) {
                Some(watched) => sub(names::function_name_pattern(&m.service, watched)),
                None => json!(value),
            };
            json!({ "Name": name, "Value": value })
        })
        .collect();
    let mut p = json!({
        "AlarmDescription": format!("{} (lambdaform: invokes {})", alarm.name, f.name),
        "AlarmActions": [r#ref(&topic)],
        "ComparisonOperator": alarm.comparison,
        "EvaluationPeriods": alarm.evaluation_periods,
        "MetricName": alarm.metric,
        "Namespace": alarm.namespace,
        "Period": alarm.period,
        "Threshold": alarm.threshold,
    });
    // Percentiles (`p99`) go in `ExtendedStatistic`; the five basic statistics in `Statistic`.
    if alarm.statistic.starts_with('p') || alarm.statistic.starts_with("tm") {
        p["ExtendedStatistic"] = json!(alarm.statistic);
    } else {
        p["Statistic"] = json!(alarm.statistic);
    }
    if !dimensions.is_empty() {
        p["Dimensions"] = json!(dimensions);
    }
    t.add(id, json!({ "Type": "AWS::CloudWatch::Alarm", "Properties": p }))?;
    t.add(
        format!("{id}Subscription"),
        json!({
            "Type": "AWS::SNS::Subscription",
            "Properties": { "Protocol": "lambda", "Endpoint": target.invoke_arn(f), "TopicArn": r#ref(&topic) },
        }),
    )?;
    t.add(format!("{id}Permission"), permission(target, f, "sns.amazonaws.com", r#ref(&topic)))
}
