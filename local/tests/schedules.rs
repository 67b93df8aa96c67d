//! Schedules and warm-ups on a virtual clock: rate and cron next fire times, firing on time and on demand.

mod support;

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use lambdaform_local::schedule::Schedule;
use lambdaform_local::{LogEntry, Trigger};
use serde_json::json;
use support::{function, local, manifest, start};

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

fn next(expression: &str, after: DateTime<Utc>) -> DateTime<Utc> {
    Schedule::parse(expression).unwrap().next_after(start(), after).unwrap()
}

#[test]
fn next_fire_times() {
    // 2026-11-27 is a Friday.
    let now = at(2026, 11, 27, 10, 7);
    assert_eq!(next("rate(5 minutes)", now), at(2026, 11, 27, 10, 10));
    assert_eq!(next("rate(1 day)", now), at(2026, 11, 28, 0, 0));
    assert_eq!(next("cron(0 12 * * ? *)", now), at(2026, 11, 27, 12, 0));
    assert_eq!(next("cron(0 12 * * ? *)", at(2026, 11, 27, 12, 0)), at(2026, 11, 28, 12, 0));
    assert_eq!(next("cron(0/15 8-17 ? * MON-FRI *)", now), at(2026, 11, 27, 10, 15));
    assert_eq!(next("cron(0/15 8-17 ? * MON-FRI *)", at(2026, 11, 27, 17, 45)), at(2026, 11, 30, 8, 0));
    assert_eq!(next("cron(0 10 ? * 6L *)", now), at(2026, 12, 25, 10, 0), "last Friday of December");
    assert_eq!(next("cron(0 8 ? * 2#1 *)", now), at(2026, 12, 7, 8, 0), "first Monday");
    assert_eq!(next("cron(0 8 L * ? *)", now), at(2026, 11, 30, 8, 0));
    // The 15th of August 2027 is a Sunday: the nearest weekday is Monday the 16th.
    assert_eq!(next("cron(0 8 15W 8 ? *)", now), at(2027, 8, 16, 8, 0));
    // The 1st of May 2027 is a Saturday: 1W stays in May, on Monday the 3rd.
    assert_eq!(next("cron(0 8 1W 5 ? *)", now), at(2027, 5, 3, 8, 0));
    assert_eq!(next("cron(30 23 ? * FRI-MON 2027)", now), at(2027, 1, 1, 23, 30));
    assert_eq!(next("cron(0 0 1 JAN,JUL ? *)", now), at(2027, 1, 1, 0, 0));
    assert_eq!(Schedule::parse("cron(0 0 1 1 ? 2020)").unwrap().next_after(start(), now), None);
    assert!(Schedule::parse("cron(0 12 * * *)").is_err());
    assert!(Schedule::parse("every day").is_err());
}

#[tokio::test]
async fn schedules_fire_on_the_virtual_clock_and_on_demand() {
    let m = manifest(json!({
        "service": "jobs",
        "functions": [
            function("every_five", json!([{"type": "schedule", "expression": "rate(5 minutes)"}])),
            function("noon", json!([{"type": "schedule", "expression": "cron(0 12 * * ? *)", "input": {"job": "report"}}])),
        ],
        "resources": [],
    }));
    let (local, rec) = local(m);
    local.advance(Duration::from_secs(60 * 60)).await;
    assert_eq!(rec.calls("every_five").len(), 12);
    assert_eq!(rec.calls("noon").len(), 0);
    local.advance(Duration::from_secs(11 * 60 * 60)).await;
    assert_eq!(rec.calls("every_five").len(), 144);
    let noon = rec.calls("noon");
    assert_eq!(noon, [json!({"job": "report"})], "the constant input replaces the event");
    let event = rec.calls("every_five").remove(0);
    assert_eq!(event["detail-type"], "Scheduled Event");
    assert_eq!(event["time"], "2026-11-27T00:05:00Z");
    assert_eq!(event["resources"][0], "arn:aws:events:us-east-1:000000000000:rule/jobs-local-every_five-schedule");
    let typed: aws_lambda_events::event::eventbridge::EventBridgeEvent = serde_json::from_value(event).unwrap();
    assert_eq!(typed.source, "aws.events");

    local.fire("noon").await.unwrap();
    local.idle().await;
    assert_eq!(rec.calls("noon").len(), 2);
    assert!(local.fire("nothing").await.is_err());
}

#[tokio::test]
async fn warm_ups_ping_with_the_concurrency_and_are_logged() {
    let mut f = function("api", json!([]));
    f["warmup"] = json!({"schedule": "rate(5 minutes)", "concurrency": 3});
    let (local, rec) = local(manifest(json!({"service": "web", "functions": [f], "resources": []})));
    local.advance(Duration::from_secs(10 * 60)).await;
    let pings = rec.calls("api");
    assert_eq!(pings.len(), 6);
    assert!(pings.iter().all(|p| p == &json!({"source": "lambdaform.warmup"})));
    let logged = local
        .log()
        .recent()
        .into_iter()
        .filter(|r| matches!(&r.entry, LogEntry::Invocation { trigger: Trigger::Warmup { .. }, function, .. } if function == "api"))
        .count();
    assert_eq!(logged, 6);
}
