//! `Store::Dir`: objects, items and queued messages survive a restart.

mod support;

use std::sync::Arc;

use lambdaform_local::{Attributes, Clock, Local, Store};
use serde_json::json;
use support::{function, manifest, start, Recorder};

fn service() -> lambdaform_manifest::Manifest {
    manifest(json!({
        "service": "keep",
        "functions": [function("worker", json!([{"type": "sqs", "queue": "Work", "batch_size": 10}]))],
        "resources": [
            {"name": "Files", "retain": true, "kind": "bucket"},
            {"name": "Items", "retain": true, "kind": "table", "billing": {"mode": "pay_per_request"}, "partition_key": {"name": "id", "type": "S"}},
            {"name": "Work", "retain": true, "kind": "queue", "visibility_timeout": 60, "retention": 3600, "dlq_max_receive": 2},
            {"name": "Later", "retain": true, "kind": "queue", "visibility_timeout": 30, "retention": 3600},
        ],
    }))
}

fn open(dir: &std::path::Path, rec: Arc<Recorder>) -> Local {
    Local::new(service(), rec, Store::Dir(dir.to_path_buf()), Clock::virtual_at(start())).unwrap()
}

#[tokio::test]
async fn data_survives_a_restart() {
    let dir = std::env::temp_dir().join(format!("lambdaform-local-store-{}", uuid::Uuid::new_v4()));
    {
        let rec = Arc::new(Recorder::default());
        rec.answer("worker", |_| Err(support::failure("Busy", "later")));
        let local = open(&dir, rec.clone());
        local.put_object("Files", "a/b c.txt", b"hello".to_vec()).await.unwrap();
        local.put_object("Files", "gone", b"x".to_vec()).await.unwrap();
        local.delete_object("Files", "gone").await.unwrap();
        local.put_item("Items", json!({"id": {"S": "1"}, "n": {"N": "7"}})).await.unwrap();
        local.send("Later", "queued", Attributes::new()).await.unwrap();
        local.send("Work", "failed once", Attributes::new()).await.unwrap();
        local.idle().await;
        assert_eq!(rec.calls("worker").len(), 1);
    }
    let rec = Arc::new(Recorder::default());
    let local = open(&dir, rec.clone());
    assert_eq!(local.get_object("Files", "a/b c.txt").unwrap().as_deref(), Some(&b"hello"[..]));
    assert_eq!(local.get_object("Files", "gone").unwrap(), None);
    let keys: Vec<String> = local.list_objects("Files", "").unwrap().into_iter().map(|(k, _, _)| k).collect();
    assert_eq!(keys, ["a/b c.txt"]);
    assert_eq!(local.get_item("Items", &json!({"id": {"S": "1"}})).unwrap().unwrap()["n"], json!({"N": "7"}));
    assert_eq!(local.queue_messages("Later").unwrap()[0].body, "queued");
    let work = local.queue_messages("Work").unwrap();
    assert_eq!(work.len(), 1);
    assert_eq!(work[0].receive_count, 1, "the receive count is kept");
    // Still hidden by its visibility timeout; once visible, it is delivered again.
    local.advance(std::time::Duration::from_secs(61)).await;
    let calls = rec.calls("worker");
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0]["Records"][0]["attributes"]["ApproximateReceiveCount"], "2");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn an_unreadable_store_is_an_error() {
    let dir = std::env::temp_dir().join(format!("lambdaform-local-bad-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(dir.join("tables")).unwrap();
    std::fs::write(dir.join("tables/Items.json"), "not json").unwrap();
    let err = Local::new(service(), Arc::new(Recorder::default()), Store::Dir(dir.clone()), Clock::Real).err().unwrap();
    assert!(err.to_string().contains("Items.json"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
