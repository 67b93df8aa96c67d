//! photo-service end to end through the real dev server (`lambdaform local` as a child process): HTTP CRUD,
//! an upload that makes a thumbnail, the signup chain (table stream → topic → queue → outbox), a poison
//! message ending in the dead-letter queue, a schedule firing, CORS and API Gateway's failures. The handlers'
//! AWS calls go to the dev server's own endpoints. The clock is virtual, so redeliveries happen on demand.

mod local_support;

use local_support::{aws_config, png, s3_client, workspace_binary, DevServer};
use serde_json::{json, Value};
use std::time::Duration;

const PATIENCE: Duration = Duration::from_secs(60);

async fn object(s3: &aws_sdk_s3::Client, bucket: &str, key: &str) -> Option<Vec<u8>> {
    let found = s3.get_object().bucket(bucket).key(key).send().await.ok()?;
    Some(found.body.collect().await.ok()?.into_bytes().to_vec())
}

async fn keys(s3: &aws_sdk_s3::Client, bucket: &str, prefix: &str) -> Vec<String> {
    let listed = s3.list_objects_v2().bucket(bucket).prefix(prefix).send().await.expect("ListObjectsV2");
    listed.contents().iter().filter_map(|o| o.key().map(str::to_owned)).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn photo_service_end_to_end() {
    let mode = std::env::var("LAMBDAFORM_LOCAL_TEST_MODE").unwrap_or_else(|_| "in-process".into());
    let server = DevServer::start(&workspace_binary("photo-service"), &["--virtual-clock", "--mode", &mode]);
    let health = server.call("GET", "/_lambdaform/health", Vec::new()).await.json();
    let bucket = health["resources"]["Uploads"]["names"]["name"].as_str().expect("the bucket's name").to_owned();
    let table = health["resources"]["Users"]["names"]["name"].as_str().expect("the table's name").to_owned();
    let queue_url = health["resources"]["Emails"]["names"]["url"].as_str().expect("the queue's URL").to_owned();
    let config = aws_config(&server.endpoint()).await;
    let s3 = s3_client(&config);
    let dynamodb = aws_sdk_dynamodb::Client::new(&config);

    // HTTP CRUD.
    let mut http = server.connect().await;
    let created = http
        .call_json("POST", "/users", br#"{"name": "Ada Lovelace", "email": "ada@example.com"}"#.to_vec())
        .await
        .unwrap();
    assert_eq!(created.status, 201, "{}", created.text());
    let user = created.json();
    let id = user["id"].as_str().expect("an id").to_owned();
    assert_eq!(created.headers["location"], format!("/users/{id}").as_str());
    let fetched = http.call("GET", &format!("/users/{id}"), Vec::new()).await.unwrap();
    assert_eq!((fetched.status, fetched.json()), (200, user.clone()));
    let listed = http.call("GET", "/users", Vec::new()).await.unwrap();
    assert_eq!(listed.json(), json!([user.clone()]));
    let refused = http.call_json("POST", "/users", br#"{"name": "Bob", "email": "nope"}"#.to_vec()).await.unwrap();
    assert_eq!(refused.status, 422, "{}", refused.text());

    // The signup chain: the table's stream announces the user on the topic, whose subscriber queues the
    // welcome e-mail, which the queue's handler renders into the outbox.
    server.call("POST", "/_lambdaform/idle", Vec::new()).await;
    let outbox = server
        .eventually("the welcome e-mail in the outbox", PATIENCE, || async {
            keys(&s3, &bucket, "outbox/").await.into_iter().next()
        })
        .await;
    let mail = String::from_utf8(object(&s3, &bucket, &outbox).await.expect("the e-mail")).unwrap();
    assert!(mail.contains("To: ada@example.com\r\nSubject: Welcome, Ada Lovelace!"), "{mail}");

    let deleted = http.call("DELETE", &format!("/users/{id}"), Vec::new()).await.unwrap();
    assert_eq!(deleted.status, 204);
    let gone = http.call("GET", &format!("/users/{id}"), Vec::new()).await.unwrap();
    assert_eq!(gone.status, 404, "{}", gone.text());

    // Uploads make thumbnails: one through the admin endpoint, one with the SDK.
    let put = server.call("PUT", "/_lambdaform/s3/Uploads/images/holiday%202026/cat.png", png(640, 320)).await;
    assert_eq!(put.status, 200, "{}", put.text());
    s3.put_object().bucket(&bucket).key("images/dog.png").body(png(100, 400).into()).send().await.expect("PutObject");
    for (thumbnail, size) in [("thumbnails/holiday 2026/cat.png", (128, 64)), ("thumbnails/dog.png", (32, 128))] {
        let bytes = server.eventually(thumbnail, PATIENCE, || async { object(&s3, &bucket, thumbnail).await }).await;
        let image = image::load_from_memory(&bytes).expect("a PNG thumbnail");
        assert_eq!((image.width(), image.height()), size, "{thumbnail}");
    }

    // A poison message: the handler reports it failed each time; after three receives it is dead-lettered.
    let sqs = aws_sdk_sqs::Client::new(&config);
    let sent = sqs.send_message().queue_url(&queue_url).message_body("this is not an e-mail").send().await.unwrap();
    let poison = sent.message_id().expect("a message id").to_owned();
    for _ in 0..4 {
        server.call("POST", "/_lambdaform/clock", br#"{"advance_seconds": 61}"#.to_vec()).await;
    }
    let queue = server.call("GET", "/_lambdaform/sqs/Emails", Vec::new()).await.json();
    let dead: Vec<&str> =
        queue["deadLetters"].as_array().unwrap().iter().filter_map(|m| m["message_id"].as_str()).collect();
    assert_eq!(dead, [poison.as_str()], "{queue}");
    assert_eq!(queue["messages"], json!([]), "the good e-mail was deleted after delivery");
    // One run for the good e-mail, one per receive of the poison message.
    let runs = server.reports("send_emails").len();
    assert!(runs >= 4, "send_emails ran {runs} times");

    // The schedule: a stale pending signup is purged, a fresh one stays.
    for (user_id, created_at) in [("stale", "1700000000"), ("fresh", "99999999999")] {
        dynamodb
            .put_item()
            .table_name(&table)
            .item("id", aws_sdk_dynamodb::types::AttributeValue::S(user_id.into()))
            .item("name", aws_sdk_dynamodb::types::AttributeValue::S("Old".into()))
            .item("email", aws_sdk_dynamodb::types::AttributeValue::S("old@example.com".into()))
            .item("status", aws_sdk_dynamodb::types::AttributeValue::S("pending".into()))
            .item("created_at", aws_sdk_dynamodb::types::AttributeValue::N(created_at.into()))
            .send()
            .await
            .expect("PutItem");
    }
    let fired = server.call("POST", "/_lambdaform/schedules/cleanup", Vec::new()).await;
    assert_eq!(fired.status, 200, "{}", fired.text());
    server.call("POST", "/_lambdaform/idle", Vec::new()).await;
    let remaining: Vec<String> = dynamodb
        .scan()
        .table_name(&table)
        .send()
        .await
        .unwrap()
        .items()
        .iter()
        .filter_map(|item| item.get("id").and_then(|v| v.as_s().ok()).cloned())
        .collect();
    assert_eq!(remaining, ["fresh"]);
    assert_eq!(server.reports("cleanup").last().expect("cleanup ran")["trigger"], "schedule");

    // CORS preflight, answered without the function.
    let preflight = hyper::Request::builder()
        .method("OPTIONS")
        .uri("/users")
        .header("host", "localhost")
        .header("origin", "https://app.example")
        .header("access-control-request-method", "POST")
        .body(http_body_util::Full::new(bytes::Bytes::new()))
        .unwrap();
    let answer = http.send(preflight).await.unwrap();
    assert_eq!(answer.status, 204);
    assert!(answer.headers.contains_key("access-control-allow-origin"));

    // API Gateway's own answers.
    let missing = http.call("GET", "/nowhere", Vec::new()).await.unwrap();
    assert_eq!((missing.status, missing.json()), (404, json!({"message": "Not Found"})));

    // Every invocation was logged with Lambda's REPORT figures.
    let report: Value = server.reports("create_user").first().cloned().expect("create_user reported");
    for field in ["requestId", "durationMs", "billedDurationMs", "memorySizeMB"] {
        assert!(report.get(field).is_some(), "{field} in {report}");
    }
    assert_eq!(report["memorySizeMB"], 256);
}
