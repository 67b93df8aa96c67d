//! The dev server's AWS endpoints, each operation checked with the real AWS SDK clients against
//! photo-service's declared resources (table `Users`, bucket `Uploads`, topic `Signups`, queue `Emails`).
//! The clock is virtual so the queue's consumer runs only when the test lets it.

mod local_support;

use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue};
use local_support::{aws_config, s3_client, workspace_binary, DevServer};
use std::collections::HashMap;

fn s(text: &str) -> AttributeValue {
    AttributeValue::S(text.to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_served_operation_with_the_sdk() {
    let server = DevServer::start(&workspace_binary("photo-service"), &["--virtual-clock"]);
    let health = server.call("GET", "/_lambdaform/health", Vec::new()).await.json();
    let name = |resource: &str, attribute: &str| {
        health["resources"][resource]["names"][attribute]
            .as_str()
            .unwrap_or_else(|| panic!("{resource} {attribute}"))
            .to_owned()
    };
    let config = aws_config(&server.endpoint()).await;

    // DynamoDB.
    let dynamodb = aws_sdk_dynamodb::Client::new(&config);
    let table = name("Users", "name");
    let item = |id: &str, status: &str| {
        HashMap::from([
            ("id".to_owned(), s(id)),
            ("name".to_owned(), s("N")),
            ("email".to_owned(), s("n@example.com")),
            ("status".to_owned(), s(status)),
            ("created_at".to_owned(), AttributeValue::N("1".into())),
        ])
    };
    for (id, status) in [("a", "pending"), ("b", "active"), ("c", "pending")] {
        dynamodb
            .put_item()
            .table_name(&table)
            .set_item(Some(item(id, status)))
            .condition_expression("attribute_not_exists(id)")
            .send()
            .await
            .expect("PutItem");
    }
    let again = dynamodb
        .put_item()
        .table_name(&table)
        .set_item(Some(item("a", "x")))
        .condition_expression("attribute_not_exists(id)")
        .send()
        .await
        .expect_err("the condition fails");
    assert!(again.into_service_error().is_conditional_check_failed_exception());
    let got = dynamodb.get_item().table_name(&table).key("id", s("a")).send().await.unwrap();
    assert_eq!(got.item().and_then(|i| i.get("status")), Some(&s("pending")));
    let updated = dynamodb
        .update_item()
        .table_name(&table)
        .key("id", s("a"))
        .update_expression("SET #s = :active, created_at = created_at + :one")
        .expression_attribute_names("#s", "status")
        .expression_attribute_values(":active", s("active"))
        .expression_attribute_values(":one", AttributeValue::N("1".into()))
        .return_values(ReturnValue::AllNew)
        .send()
        .await
        .unwrap();
    let attributes = updated.attributes().expect("ALL_NEW");
    assert_eq!(
        (attributes["status"].clone(), attributes["created_at"].clone()),
        (s("active"), AttributeValue::N("2".into()))
    );
    let queried = dynamodb
        .query()
        .table_name(&table)
        .key_condition_expression("id = :id")
        .expression_attribute_values(":id", s("c"))
        .send()
        .await
        .unwrap();
    assert_eq!(queried.count(), 1);
    let mut pending = Vec::new();
    let mut start = None;
    loop {
        let page = dynamodb
            .scan()
            .table_name(&table)
            .filter_expression("#s = :p")
            .expression_attribute_names("#s", "status")
            .expression_attribute_values(":p", s("pending"))
            .limit(1)
            .set_exclusive_start_key(start)
            .send()
            .await
            .unwrap();
        pending.extend(page.items().iter().filter_map(|i| i["id"].as_s().ok().cloned()));
        start = page.last_evaluated_key().cloned();
        if start.is_none() {
            break;
        }
    }
    assert_eq!(pending, ["c"]);
    let deleted = dynamodb
        .delete_item()
        .table_name(&table)
        .key("id", s("b"))
        .return_values(ReturnValue::AllOld)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.attributes().and_then(|a| a.get("status")), Some(&s("active")));
    let missing_table = dynamodb.get_item().table_name("nope").key("id", s("a")).send().await.expect_err("no table");
    assert!(missing_table.into_service_error().is_resource_not_found_exception());

    // S3.
    let s3 = s3_client(&config);
    let bucket = name("Uploads", "name");
    for key in ["docs/a.txt", "docs/b.txt", "docs/c d.txt", "other/x.txt"] {
        s3.put_object().bucket(&bucket).key(key).body(key.as_bytes().to_vec().into()).send().await.expect("PutObject");
    }
    let head = s3.head_object().bucket(&bucket).key("docs/a.txt").send().await.expect("HeadObject");
    assert_eq!(head.content_length(), Some(10));
    let body = s3.get_object().bucket(&bucket).key("docs/c d.txt").send().await.expect("GetObject");
    assert_eq!(body.body.collect().await.unwrap().into_bytes().as_ref(), b"docs/c d.txt");
    let mut keys = Vec::new();
    let mut pages = s3.list_objects_v2().bucket(&bucket).prefix("docs/").max_keys(2).into_paginator().send();
    while let Some(page) = pages.next().await {
        keys.extend(page.expect("ListObjectsV2").contents().iter().filter_map(|o| o.key().map(str::to_owned)));
    }
    assert_eq!(keys, ["docs/a.txt", "docs/b.txt", "docs/c d.txt"]);
    s3.delete_object().bucket(&bucket).key("docs/a.txt").send().await.expect("DeleteObject");
    let gone = s3.get_object().bucket(&bucket).key("docs/a.txt").send().await.expect_err("deleted");
    assert!(gone.into_service_error().is_no_such_key());

    // SNS: the topic's subscriber runs with the message (the inserts above already announced three users).
    server.call("POST", "/_lambdaform/idle", Vec::new()).await;
    let welcomed = server.reports("queue_welcome").len();
    let sns = aws_sdk_sns::Client::new(&config);
    let published = sns
        .publish()
        .topic_arn(name("Signups", "arn"))
        .message(r#"{"id": "z", "name": "Zoe", "email": "zoe@example.com"}"#)
        .message_attributes(
            "kind",
            aws_sdk_sns::types::MessageAttributeValue::builder()
                .data_type("String")
                .string_value("signup")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .expect("Publish");
    assert!(published.message_id().is_some());
    server.call("POST", "/_lambdaform/idle", Vec::new()).await;
    assert_eq!(server.reports("queue_welcome").len(), welcomed + 1, "the subscriber ran once more");

    // SQS: single and batch sends reach the queue's handler.
    server.call("POST", "/_lambdaform/clock", br#"{"advance_seconds": 1}"#.to_vec()).await;
    let before = s3.list_objects_v2().bucket(&bucket).prefix("outbox/").send().await.unwrap().contents().len();
    let sqs = aws_sdk_sqs::Client::new(&config);
    let queue_url = name("Emails", "url");
    let email = r#"{"to": "q@example.com", "subject": "Hi", "body": "b"}"#;
    let sent = sqs.send_message().queue_url(&queue_url).message_body(email).send().await.expect("SendMessage");
    let digest: String =
        <md5::Md5 as md5::Digest>::digest(email.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(sent.md5_of_message_body(), Some(digest.as_str()));
    let entry = |id: &str| {
        aws_sdk_sqs::types::SendMessageBatchRequestEntry::builder().id(id).message_body(email).build().unwrap()
    };
    let batch = sqs
        .send_message_batch()
        .queue_url(&queue_url)
        .entries(entry("one"))
        .entries(entry("two"))
        .send()
        .await
        .unwrap();
    assert_eq!(batch.successful().len(), 2);
    server.call("POST", "/_lambdaform/clock", br#"{"advance_seconds": 1}"#.to_vec()).await;
    let outbox = s3.list_objects_v2().bucket(&bucket).prefix("outbox/").send().await.unwrap();
    assert_eq!(outbox.contents().len(), before + 3, "the three e-mails sent here reached the outbox");
}
