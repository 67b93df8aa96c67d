use lambdaform::prelude::*;
use serde::Deserialize;

#[derive(Deserialize)]
struct Report {
    kind: String,
    days: Vec<u32>,
}

#[function]
#[schedule(rate = "5 minutes")]
async fn every_five(event: ScheduledEvent) -> Result<(), Error> {
    let _ = event.time;
    Ok(())
}

#[function]
#[schedule(rate = "1 day")]
#[schedule(cron = "0/15 8-17 ? * MON-FRI *")]
#[schedule(cron = "0 10 ? * 6L 2030")]
#[schedule(cron = "0 8 15W * ? *")]
#[schedule(cron = "0 8 ? * 2#1 *")]
async fn many(event: EventBridgeEvent<serde_json::Value>) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

// With `input`, EventBridge delivers that JSON instead of the event: the handler takes its own type.
#[function]
#[schedule(rate = "1 hour", input = {"kind": "hourly", "days": [1, 2, -0]})]
async fn hourly_report(report: Report) -> Result<(), Error> {
    let _ = (report.kind, report.days);
    Ok(())
}

#[function]
#[schedule(cron = "0 12 L * ? *", input = "{\"kind\": \"monthly\", \"days\": []}")]
async fn monthly_report(report: Report, context: Context) -> Result<(), Error> {
    let _ = (report.kind, context);
    Ok(())
}

fn main() {}
