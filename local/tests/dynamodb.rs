//! Tables: AttributeValue and key schema checks, query order, and stream records to `#[dynamodb_stream]`
//! handlers in the table's view.

mod support;

use lambdaform_local::{LocalError, SortKeyCondition};
use serde_json::{json, Value};
use support::{failure, function, local, manifest};

fn service(view: &str) -> lambdaform_manifest::Manifest {
    manifest(json!({
        "service": "chat",
        "functions": [function("on_change", json!([{"type": "dynamodb_stream", "table": "Messages", "starting_position": "LATEST", "batch_size": 2}]))],
        "resources": [
            {"name": "Messages", "retain": false, "kind": "table", "billing": {"mode": "pay_per_request"}, "stream": view,
             "partition_key": {"name": "room", "type": "S"}, "sort_key": {"name": "at", "type": "N"}},
        ],
    }))
}

fn msg(room: &str, at: &str, text: &str) -> Value {
    json!({"room": {"S": room}, "at": {"N": at}, "text": {"S": text}})
}

fn pointer_is(e: &LocalError, expected: &str) -> bool {
    matches!(e, LocalError::Invalid { pointer, .. } if pointer == expected)
}

#[tokio::test]
async fn items_are_checked_against_the_key_schema() {
    let (local, _) = local(service("NEW_IMAGE"));
    let e = local.put_item("Messages", json!({"room": {"S": "a"}})).await.unwrap_err();
    assert!(pointer_is(&e, "/Item"), "{e}");
    let e = local.put_item("Messages", json!({"room": {"N": "1"}, "at": {"N": "1"}})).await.unwrap_err();
    assert!(pointer_is(&e, "/Item/room"), "{e}");
    let e = local.put_item("Messages", json!({"room": {"S": "a"}, "at": {"N": "x"}})).await.unwrap_err();
    assert!(pointer_is(&e, "/Item/at/N"), "{e}");
    let e = local
        .put_item("Messages", json!({"room": {"S": "a"}, "at": {"N": "1"}, "tags": {"SS": ["x", "x"]}}))
        .await
        .unwrap_err();
    assert!(pointer_is(&e, "/Item/tags/SS"), "{e}");
    let e = local.put_item("Messages", json!({"room": {"S": "a"}, "at": {"N": "1"}, "n": {"Q": 1}})).await.unwrap_err();
    assert!(pointer_is(&e, "/Item/n/Q"), "{e}");
    let e = local.get_item("Messages", &json!({"room": {"S": "a"}, "at": {"N": "1"}, "text": {"S": "x"}})).unwrap_err();
    assert!(pointer_is(&e, "/Key"), "{e}");
    assert!(matches!(local.scan("Nope"), Err(LocalError::Unknown { kind: "table", .. })));
}

#[tokio::test]
async fn query_returns_a_partition_in_sort_key_order() {
    let (local, _) = local(service("NEW_IMAGE"));
    for (room, at, text) in [("a", "10", "ten"), ("a", "9", "nine"), ("b", "1", "other"), ("a", "100", "hundred")] {
        local.put_item("Messages", msg(room, at, text)).await.unwrap();
    }
    let texts =
        |items: Vec<Value>| items.iter().map(|i| i["text"]["S"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    // Numbers sort by value, not as text.
    assert_eq!(texts(local.query("Messages", &json!({"S": "a"}), None).unwrap()), ["nine", "ten", "hundred"]);
    let after = SortKeyCondition::Gt(json!({"N": "9"}));
    assert_eq!(texts(local.query("Messages", &json!({"S": "a"}), Some(&after)).unwrap()), ["ten", "hundred"]);
    let between = SortKeyCondition::Between(json!({"N": "9"}), json!({"N": "10"}));
    assert_eq!(texts(local.query("Messages", &json!({"S": "a"}), Some(&between)).unwrap()), ["nine", "ten"]);
    assert_eq!(
        local.get_item("Messages", &json!({"room": {"S": "b"}, "at": {"N": "1.0"}})).unwrap().unwrap()["text"]["S"],
        "other"
    );
    assert_eq!(local.scan("Messages").unwrap().len(), 4);
    let old = local.delete_item("Messages", &json!({"room": {"S": "b"}, "at": {"N": "1"}})).await.unwrap();
    assert_eq!(old.unwrap()["text"]["S"], "other");
    assert_eq!(local.scan("Messages").unwrap().len(), 3);
}

#[tokio::test]
async fn writes_become_stream_records_in_batches() {
    let (local, rec) = local(service("NEW_AND_OLD_IMAGES"));
    local.put_item("Messages", msg("a", "1", "hi")).await.unwrap();
    local.idle().await;
    local.put_item("Messages", msg("a", "1", "hello")).await.unwrap();
    local.put_item("Messages", msg("a", "2", "bye")).await.unwrap();
    local.delete_item("Messages", &json!({"room": {"S": "a"}, "at": {"N": "2"}})).await.unwrap();
    local.idle().await;
    let calls = rec.calls("on_change");
    let records: Vec<Value> = calls.iter().flat_map(|e| e["Records"].as_array().unwrap().clone()).collect();
    let names: Vec<&str> = records.iter().map(|r| r["eventName"].as_str().unwrap()).collect();
    assert_eq!(names, ["INSERT", "MODIFY", "INSERT", "REMOVE"]);
    assert!(calls.iter().all(|e| e["Records"].as_array().unwrap().len() <= 2), "batch size 2");
    let modify = &records[1]["dynamodb"];
    assert_eq!(modify["OldImage"]["text"]["S"], "hi");
    assert_eq!(modify["NewImage"]["text"]["S"], "hello");
    assert_eq!(modify["Keys"], json!({"room": {"S": "a"}, "at": {"N": "1"}}));
    assert_eq!(modify["StreamViewType"], "NEW_AND_OLD_IMAGES");
    let remove = &records[3]["dynamodb"];
    assert!(remove.get("NewImage").is_none());
    assert_eq!(remove["OldImage"]["text"]["S"], "bye");
    let seqs: Vec<&str> = records.iter().map(|r| r["dynamodb"]["SequenceNumber"].as_str().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
    for call in calls {
        let typed: aws_lambda_events::event::dynamodb::Event = serde_json::from_value(call).unwrap();
        assert!(!typed.records.is_empty());
    }
}

#[tokio::test]
async fn new_image_streams_carry_no_old_image_and_failed_batches_are_retried_in_order() {
    let (local, rec) = local(service("NEW_IMAGE"));
    let attempts = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = attempts.clone();
    rec.answer("on_change", move |_| {
        if counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst) < 2 {
            Err(failure("Flaky", "try again"))
        } else {
            Ok(Value::Null)
        }
    });
    local.put_item("Messages", msg("a", "1", "hi")).await.unwrap();
    local.put_item("Messages", msg("a", "1", "again")).await.unwrap();
    local.advance(std::time::Duration::from_secs(10)).await;
    let calls = rec.calls("on_change");
    assert_eq!(calls.len(), 4, "two failures, the retried batch, then the next record");
    assert_eq!(calls[0], calls[1], "the same batch is retried");
    assert_eq!(calls[0], calls[2], "the same batch is retried");
    assert_eq!(calls[0]["Records"][0]["eventName"], "INSERT");
    let modify = &calls[3]["Records"][0]["dynamodb"];
    assert!(modify.get("OldImage").is_none());
    assert_eq!(modify["NewImage"]["text"]["S"], "again");
}

#[tokio::test]
async fn update_expressions_set_add_and_remove_attributes() {
    let (local, rec) = local(service("NEW_AND_OLD_IMAGES"));
    let key = json!({"room": {"S": "a"}, "at": {"N": "1"}});
    let values = json!({":one": {"N": "1"}, ":t": {"S": "hi"}, ":zero": {"N": "0"}});
    // Absent: created from the key.
    let new = local
        .update_item(
            "Messages",
            &key,
            "SET #txt = :t, hits = if_not_exists(hits, :zero)",
            &json!({"#txt": "text"}),
            &values,
        )
        .await
        .unwrap();
    assert_eq!(new, json!({"room": {"S": "a"}, "at": {"N": "1"}, "text": {"S": "hi"}, "hits": {"N": "0"}}));
    let new = local
        .update_item("Messages", &key, "SET hits = hits + :one, hits2 = if_not_exists(hits, :one)", &json!({}), &values)
        .await
        .unwrap();
    assert_eq!(new["hits"], json!({"N": "1"}));
    assert_eq!(new["hits2"], json!({"N": "0"}), "if_not_exists reads the item before the update");
    let new = local.update_item("Messages", &key, "REMOVE hits2, text", &json!({}), &values).await.unwrap();
    assert_eq!(new, json!({"room": {"S": "a"}, "at": {"N": "1"}, "hits": {"N": "1"}}));
    assert_eq!(local.get_item("Messages", &key).unwrap().unwrap(), new);

    let err = |expr: &str| {
        let local = local.clone();
        let (key, values) = (key.clone(), values.clone());
        let expr = expr.to_string();
        async move { local.update_item("Messages", &key, &expr, &json!({}), &values).await.unwrap_err().to_string() }
    };
    assert!(err("SET room = :t").await.contains("part of the key"));
    assert!(err("SET text = :missing").await.contains("`:missing` is not in ExpressionAttributeValues"));
    assert!(err("SET a.b = :t").await.contains("nested paths"));
    assert!(err("ADD hits :one").await.contains("not emulated"));
    assert!(err("SET text = text + :one").await.contains("must be a number"));

    local.idle().await;
    let names: Vec<String> = rec
        .calls("on_change")
        .iter()
        .flat_map(|e| {
            e["Records"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["eventName"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(names, ["INSERT", "MODIFY", "MODIFY"]);
}
