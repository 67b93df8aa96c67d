//! Buckets: objects, prefix/suffix/event-name notifications, and 1,000 uploads with none lost.

mod support;

use lambdaform_local::LocalError;
use serde_json::json;
use support::{function, local, manifest};

fn service() -> lambdaform_manifest::Manifest {
    manifest(json!({
        "service": "pics",
        "functions": [
            function("thumbs", json!([{"type": "s3", "bucket": {"declared": "Uploads"}, "events": ["s3:ObjectCreated:*"], "prefix": "images/", "suffix": ".png"}])),
            function("all_created", json!([{"type": "s3", "bucket": {"declared": "Uploads"}, "events": ["s3:ObjectCreated:Put"]}])),
            function("removed", json!([{"type": "s3", "bucket": {"declared": "Uploads"}, "events": ["s3:ObjectRemoved:*"]}])),
        ],
        "resources": [{"name": "Uploads", "retain": false, "kind": "bucket"}],
    }))
}

#[tokio::test]
async fn prefix_suffix_and_event_names_pick_the_handlers() {
    let (local, rec) = local(service());
    local.put_object("Uploads", "images/cat.png", b"png".to_vec()).await.unwrap();
    local.put_object("Uploads", "images/cat.jpg", b"jpg".to_vec()).await.unwrap();
    local.put_object("Uploads", "docs/cat.png", b"doc".to_vec()).await.unwrap();
    local.delete_object("Uploads", "docs/cat.png").await.unwrap();
    local.idle().await;

    let thumbs = rec.calls("thumbs");
    assert_eq!(thumbs.len(), 1);
    let record = &thumbs[0]["Records"][0];
    assert_eq!(record["eventName"], "ObjectCreated:Put");
    assert_eq!(record["s3"]["object"]["key"], "images/cat.png");
    assert_eq!(record["s3"]["object"]["size"], 3);
    assert_eq!(record["s3"]["bucket"]["name"], "pics-local-uploads");
    assert_eq!(rec.calls("all_created").len(), 3);
    let removed = rec.calls("removed");
    assert_eq!(removed.len(), 1);
    assert_eq!(removed[0]["Records"][0]["eventName"], "ObjectRemoved:Delete");

    let event: aws_lambda_events::event::s3::S3Event = serde_json::from_value(thumbs[0].clone()).unwrap();
    assert_eq!(event.records[0].s3.object.key.as_deref(), Some("images/cat.png"));
}

#[tokio::test]
async fn objects_are_stored_listed_and_deleted() {
    let (local, _) = local(service());
    local.put_object("Uploads", "b/2", b"two".to_vec()).await.unwrap();
    local.put_object("Uploads", "a/1", b"one".to_vec()).await.unwrap();
    local.put_object("Uploads", "b/1", b"uno".to_vec()).await.unwrap();
    assert_eq!(local.get_object("Uploads", "a/1").unwrap().as_deref(), Some(&b"one"[..]));
    let keys: Vec<String> = local.list_objects("Uploads", "b/").unwrap().into_iter().map(|(k, _, _)| k).collect();
    assert_eq!(keys, ["b/1", "b/2"]);
    local.delete_object("Uploads", "b/1").await.unwrap();
    assert_eq!(local.get_object("Uploads", "b/1").unwrap(), None);
    assert!(matches!(local.put_object("Nope", "k", vec![]).await, Err(LocalError::Unknown { kind: "bucket", .. })));
    assert!(matches!(local.put_object("Uploads", "", vec![]).await, Err(LocalError::Invalid { .. })));
}

#[tokio::test]
async fn keys_are_url_encoded_in_events() {
    let (local, rec) = local(service());
    local.put_object("Uploads", "images/holiday 2026/ü.png", vec![1]).await.unwrap();
    local.idle().await;
    assert_eq!(rec.calls("thumbs")[0]["Records"][0]["s3"]["object"]["key"], "images/holiday+2026/%C3%BC.png");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_uploads_lose_no_event() {
    let (local, rec) = local(service());
    let mut tasks = Vec::new();
    for i in 0..1000 {
        let local = local.clone();
        tasks.push(tokio::spawn(
            async move { local.put_object("Uploads", &format!("images/{i}.png"), vec![0; 64]).await },
        ));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    local.idle().await;
    let thumbs = rec.calls("thumbs");
    let mut keys: Vec<String> =
        thumbs.iter().map(|e| e["Records"][0]["s3"]["object"]["key"].as_str().unwrap().to_string()).collect();
    keys.sort();
    keys.dedup();
    println!(
        "1000 puts: {} thumbs invocations, {} distinct keys, {} all_created invocations",
        thumbs.len(),
        keys.len(),
        rec.calls("all_created").len()
    );
    assert_eq!(keys.len(), 1000);
    assert_eq!(thumbs.len(), 1000);
    assert_eq!(rec.calls("all_created").len(), 1000);
    assert_eq!(local.list_objects("Uploads", "images/").unwrap().len(), 1000);
}

#[tokio::test]
async fn a_failing_notification_handler_is_retried_twice_like_an_async_invocation() {
    let (local, rec) = local(service());
    rec.answer("thumbs", |_| Err(support::failure("Broken", "no codec")));
    local.put_object("Uploads", "images/a.png", vec![1]).await.unwrap();
    local.idle().await;
    assert_eq!(rec.calls("thumbs").len(), 1);
    local.advance(std::time::Duration::from_secs(59)).await;
    assert_eq!(rec.calls("thumbs").len(), 1);
    local.advance(std::time::Duration::from_secs(1)).await;
    assert_eq!(rec.calls("thumbs").len(), 2);
    local.advance(std::time::Duration::from_secs(120)).await;
    assert_eq!(rec.calls("thumbs").len(), 3);
    local.advance(std::time::Duration::from_secs(3600)).await;
    assert_eq!(rec.calls("thumbs").len(), 3, "no more than two retries");
    assert_eq!(rec.calls("all_created").len(), 1, "a handler that succeeded is not retried");
}
