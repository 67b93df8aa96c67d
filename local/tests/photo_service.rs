//! The real `examples/photo-service` manifest (as `lambdaform manifest` printed it, saved under
//! `tests/data/`): every non-HTTP trigger reaches its handler with an event shaped like the samples in
//! `examples/photo-service/events/`, which the real handlers accept, and readable as the
//! `aws_lambda_events` type.

mod support;

use std::sync::Arc;
use std::time::Duration;

use aws_lambda_events::event::sns::{CloudWatchAlarmPayload, SnsEventObj};
use lambdaform_local::{Attributes, BusEvent, Clock, Local, Store};
use lambdaform_manifest::Manifest;
use serde_json::{json, Map, Value};
use support::{failure, start, Recorder};

fn photo_service() -> (Local, Arc<Recorder>) {
    let m: Manifest = serde_json::from_str(include_str!("data/photo-service.manifest.json")).unwrap();
    let rec = Arc::new(Recorder::default());
    (Local::new(m, rec.clone(), Store::Memory, Clock::virtual_at(start())).unwrap(), rec)
}

fn sample(name: &str) -> Value {
    let path = format!("{}/../examples/photo-service/events/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// The keys of every object, recursively (arrays by their first element); the contents of items, details and
/// attribute maps vary with the data and are left out.
fn shape(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| {
                    let inner = match k.as_str() {
                        "Keys" | "NewImage" | "OldImage" | "detail" | "MessageAttributes" | "messageAttributes" => {
                            Value::Null
                        }
                        _ => shape(v),
                    };
                    (k.clone(), inner)
                })
                .collect::<Map<_, _>>(),
        ),
        Value::Array(items) => items.first().map(shape).unwrap_or(Value::Null),
        _ => Value::Null,
    }
}

#[tokio::test]
async fn every_trigger_reaches_its_handler_with_the_sample_shape() {
    let (local, rec) = photo_service();

    local.put_object("Uploads", "images/holiday 2026/cat.png", vec![1, 2, 3]).await.unwrap();
    local.put_object("Uploads", "avatars/cat.png", vec![1]).await.unwrap();
    local.idle().await;
    let s3 = rec.calls("make_thumbnail");
    assert_eq!(s3.len(), 1, "only the images/ prefix");
    assert_eq!(shape(&s3[0]), shape(&sample("s3-object-created.json")));
    assert_eq!(s3[0]["Records"][0]["s3"]["object"]["key"], "images/holiday+2026/cat.png");
    serde_json::from_value::<aws_lambda_events::event::s3::S3Event>(s3[0].clone()).unwrap();

    let user = json!({"id": {"S": "u-1"}, "name": {"S": "Ada Lovelace"}, "email": {"S": "ada@example.com"},
        "status": {"S": "pending"}, "created_at": {"N": "1795741200"}});
    local.put_item("Users", user).await.unwrap();
    local.idle().await;
    let stream = rec.calls("announce_signups");
    assert_eq!(stream.len(), 1);
    assert_eq!(shape(&stream[0]), shape(&json!({"Records": [sample("dynamodb-insert.json")["Records"][0]]})));
    assert_eq!(stream[0]["Records"][0]["dynamodb"]["StreamViewType"], "NEW_IMAGE");
    serde_json::from_value::<aws_lambda_events::event::dynamodb::Event>(stream[0].clone()).unwrap();

    local
        .publish("Signups", r#"{"id":"u-1","name":"Ada Lovelace","email":"ada@example.com"}"#, Attributes::new())
        .await
        .unwrap();
    local.idle().await;
    let sns = rec.calls("queue_welcome");
    assert_eq!(sns.len(), 1);
    assert_eq!(shape(&sns[0]), shape(&sample("sns-signup.json")));
    serde_json::from_value::<aws_lambda_events::event::sns::SnsEvent>(sns[0].clone()).unwrap();

    local
        .send("Emails", r#"{"to":"ada@example.com","subject":"Welcome, Ada!","body":"Hello Ada"}"#, Attributes::new())
        .await
        .unwrap();
    local.idle().await;
    let sqs = rec.calls("send_emails");
    assert_eq!(sqs.len(), 1);
    assert_eq!(shape(&sqs[0]), shape(&sample("sqs-emails.json")));
    serde_json::from_value::<aws_lambda_events::event::sqs::SqsEvent>(sqs[0].clone()).unwrap();

    let n = local
        .put_events(BusEvent {
            source: "photo-service.admin".into(),
            detail_type: "PurgeUser".into(),
            detail: json!({"user_id": "u-1"}),
        })
        .await
        .unwrap();
    assert_eq!(n, 1);
    local.idle().await;
    let purge = rec.calls("purge_user");
    assert_eq!(shape(&purge[0]), shape(&sample("eventbridge-purge.json")));
    assert_eq!(purge[0]["detail"]["user_id"], "u-1");
    let typed: aws_lambda_events::event::eventbridge::EventBridgeEvent =
        serde_json::from_value(purge[0].clone()).unwrap();
    assert_eq!(typed.detail_type, "PurgeUser");

    assert_eq!(local.set_alarm_state("signup-errors", "ALARM", "Threshold Crossed").await.unwrap(), 1);
    assert_eq!(
        local.set_alarm_state("signup-errors", "ALARM", "still").await.unwrap(),
        0,
        "no change, no notification"
    );
    local.idle().await;
    let alarm = rec.calls("page_oncall");
    assert_eq!(alarm.len(), 1);
    assert_eq!(shape(&alarm[0]), shape(&sample("alarm.json")));
    let typed: SnsEventObj<CloudWatchAlarmPayload> = serde_json::from_value(alarm[0].clone()).unwrap();
    let payload = &typed.records[0].sns.message;
    assert_eq!(payload.new_state_value, "ALARM");
    assert_eq!(payload.trigger.dimensions[0].value, "photo-service-local-create_user");

    local.advance(Duration::from_secs(5 * 60)).await;
    let cleanup = rec.calls("cleanup");
    assert_eq!(cleanup.len(), 1);
    assert_eq!(shape(&cleanup[0]), shape(&sample("schedule.json")));
    serde_json::from_value::<aws_lambda_events::event::eventbridge::EventBridgeEvent>(cleanup[0].clone()).unwrap();
}

#[tokio::test]
async fn a_poison_email_ends_in_the_emails_dead_letter_queue() {
    let (local, rec) = photo_service();
    rec.answer("send_emails", |_| Err(failure("InvalidEmail", "this is not an e-mail")));
    local.send("Emails", "this is not an e-mail", Attributes::new()).await.unwrap();
    // Visibility timeout 60 s, max receive 3.
    local.advance(Duration::from_secs(4 * 60)).await;
    assert_eq!(rec.calls("send_emails").len(), 3);
    let dead = local.dead_letters("Emails").unwrap();
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].body, "this is not an e-mail");
}
