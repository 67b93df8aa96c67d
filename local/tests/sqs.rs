//! Queues: batch size and window, partial batch failures, visibility timeouts, and a poison message ending in
//! the dead-letter queue after the receive count.

mod support;

use std::time::Duration;

use lambdaform_local::{Attributes, LogEntry};
use serde_json::{json, Value};
use support::{failure, function, local, manifest};

fn service(batch_size: u32, window: Option<u32>, partial: bool) -> lambdaform_manifest::Manifest {
    let mut event = json!({"type": "sqs", "queue": "Jobs", "batch_size": batch_size, "partial_failures": partial});
    if let Some(w) = window {
        event["batch_window"] = json!(w);
    }
    manifest(json!({
        "service": "work",
        "functions": [function("worker", json!([event]))],
        "resources": [{"name": "Jobs", "retain": false, "kind": "queue", "visibility_timeout": 60, "retention": 3600, "dlq_max_receive": 3}],
    }))
}

fn bodies(event: &Value) -> Vec<String> {
    event["Records"].as_array().unwrap().iter().map(|r| r["body"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn a_batch_window_gathers_messages_up_to_the_batch_size() {
    let (local, rec) = local(service(10, Some(5), false));
    for i in 0..25 {
        local.send("Jobs", &format!("m{i}"), Attributes::new()).await.unwrap();
    }
    local.idle().await;
    // 25 visible messages fill two batches of 10 at once; the rest wait for the window.
    let sizes: Vec<usize> = rec.calls("worker").iter().map(|e| bodies(e).len()).collect();
    assert_eq!(sizes, [10, 10]);
    local.advance(Duration::from_secs(4)).await;
    assert_eq!(rec.calls("worker").len(), 2);
    local.advance(Duration::from_secs(1)).await;
    let calls = rec.calls("worker");
    let sizes: Vec<usize> = calls.iter().map(|e| bodies(e).len()).collect();
    assert_eq!(sizes, [10, 10, 5]);
    let all: Vec<String> = calls.iter().flat_map(bodies).collect();
    assert_eq!(all, (0..25).map(|i| format!("m{i}")).collect::<Vec<_>>());
    assert!(local.queue_messages("Jobs").unwrap().is_empty());
    let typed: aws_lambda_events::event::sqs::SqsEvent = serde_json::from_value(calls[2].clone()).unwrap();
    assert_eq!(typed.records.len(), 5);
    assert_eq!(
        typed.records[0].event_source_arn.as_deref(),
        Some("arn:aws:sqs:us-east-1:000000000000:work-local-Jobs")
    );
}

#[tokio::test]
async fn without_a_window_each_message_goes_at_once() {
    let (local, rec) = local(service(10, None, false));
    local.send("Jobs", "a", Attributes::new()).await.unwrap();
    local.idle().await;
    local.send("Jobs", "b", Attributes::new()).await.unwrap();
    local.idle().await;
    let sizes: Vec<usize> = rec.calls("worker").iter().map(|e| bodies(e).len()).collect();
    assert_eq!(sizes, [1, 1]);
}

#[tokio::test]
async fn partial_failures_retry_only_the_reported_messages() {
    let (local, rec) = local(service(10, Some(1), true));
    rec.answer("worker", |event| {
        let failed: Vec<Value> = event["Records"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["body"] == "bad")
            .map(|r| json!({"itemIdentifier": r["messageId"]}))
            .collect();
        Ok(json!({"batchItemFailures": failed}))
    });
    for body in ["ok1", "bad", "ok2"] {
        local.send("Jobs", body, Attributes::new()).await.unwrap();
    }
    local.advance(Duration::from_secs(1)).await;
    assert_eq!(bodies(&rec.calls("worker")[0]), ["ok1", "bad", "ok2"]);
    let left = local.queue_messages("Jobs").unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].body, "bad");
    // Hidden for the visibility timeout, then received again, alone.
    local.advance(Duration::from_secs(59)).await;
    assert_eq!(rec.calls("worker").len(), 1);
    local.advance(Duration::from_secs(2)).await;
    let calls = rec.calls("worker");
    assert_eq!(calls.len(), 2);
    assert_eq!(bodies(&calls[1]), ["bad"]);
    assert_eq!(calls[1]["Records"][0]["attributes"]["ApproximateReceiveCount"], "2");
    let partial = local
        .log()
        .recent()
        .into_iter()
        .filter(|r| {
            matches!(
                &r.entry,
                LogEntry::Invocation { outcome: lambdaform_local::Outcome::PartialFailure { failed: 1 }, .. }
            )
        })
        .count();
    assert_eq!(partial, 2);
}

#[tokio::test]
async fn a_poison_message_ends_in_the_dead_letter_queue() {
    let (local, rec) = local(service(10, None, false));
    rec.answer("worker", |event| {
        if bodies(event).contains(&"poison".to_string()) {
            Err(failure("BadMessage", "cannot parse"))
        } else {
            Ok(Value::Null)
        }
    });
    local.send("Jobs", "poison", Attributes::new()).await.unwrap();
    local.send("Jobs", "fine", Attributes::new()).await.unwrap();
    local.advance(Duration::from_secs(10 * 60)).await;
    let poison_receives = rec.calls("worker").iter().filter(|e| bodies(e) == ["poison"]).count();
    assert_eq!(poison_receives, 3, "received dlq_max_receive times");
    let dead = local.dead_letters("Jobs").unwrap();
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].body, "poison");
    assert_eq!(dead[0].receive_count, 3);
    assert!(local.queue_messages("Jobs").unwrap().is_empty());
    let logged = local
        .log()
        .recent()
        .into_iter()
        .filter(|r| matches!(&r.entry, LogEntry::DeadLetter { queue, receive_count: 3, .. } if queue == "Jobs"))
        .count();
    assert_eq!(logged, 1);
}

#[tokio::test]
async fn on_the_real_clock_the_run_loop_closes_the_batch_window() {
    let recorder = std::sync::Arc::new(support::Recorder::default());
    let local = lambdaform_local::Local::new(
        service(10, Some(1), false),
        recorder.clone(),
        lambdaform_local::Store::Memory,
        lambdaform_local::Clock::Real,
    )
    .unwrap();
    let runner = local.run();
    local.send("Jobs", "a", Attributes::new()).await.unwrap();
    local.send("Jobs", "b", Attributes::new()).await.unwrap();
    for _ in 0..200 {
        if !recorder.calls("worker").is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    runner.abort();
    let calls = recorder.calls("worker");
    assert_eq!(calls.len(), 1);
    assert_eq!(bodies(&calls[0]), ["a", "b"]);
}
