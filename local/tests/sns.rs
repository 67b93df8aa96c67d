//! Topics: fan-out to subscribers and filter policies with AWS's semantics.

mod support;

use lambdaform_local::{Attributes, LocalError, MessageAttribute};
use serde_json::{json, Value};
use support::{function, local, manifest};

fn sub(name: &str, policy: Value) -> Value {
    let mut event = json!({"type": "sns", "topic": "Orders"});
    if !policy.is_null() {
        event["filter_policy"] = policy;
    }
    function(name, json!([event]))
}

fn service() -> lambdaform_manifest::Manifest {
    manifest(json!({
        "service": "shop",
        "functions": [
            sub("everything", Value::Null),
            sub("exact", json!({"store": ["example_corp"]})),
            sub("prefix", json!({"region": [{"prefix": "eu-"}]})),
            sub("anything_but", json!({"status": [{"anything-but": ["cancelled", "refunded"]}]})),
            sub("numeric", json!({"price": [{"numeric": [">=", 100, "<", 500]}]})),
            sub("exists", json!({"vip": [{"exists": true}]})),
            sub("not_exists", json!({"vip": [{"exists": false}]})),
            sub("and_or", json!({"store": ["example_corp"], "$or": [{"region": ["us-east-1"]}, {"price": [{"numeric": [">", 1000]}]}]})),
            sub("array", json!({"tags": ["red"]})),
            sub("number_exact", json!({"price": [300]})),
        ],
        "resources": [{"name": "Orders", "retain": false, "kind": "topic"}],
    }))
}

fn attrs(pairs: &[(&str, MessageAttribute)]) -> Attributes {
    pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
}

/// Publishes one message and returns which subscribers received it, sorted.
async fn receivers(attributes: Attributes) -> Vec<String> {
    let (local, rec) = local(service());
    local.publish("Orders", "hello", attributes).await.unwrap();
    local.idle().await;
    let mut names: Vec<String> = rec.all().into_iter().map(|(f, _)| f).collect();
    names.sort();
    names
}

#[tokio::test]
async fn filter_policies_follow_aws_semantics() {
    let s = MessageAttribute::string;
    let n = |v: &str| MessageAttribute::number(v);
    assert_eq!(receivers(Attributes::new()).await, ["everything", "not_exists"]);
    assert_eq!(
        receivers(attrs(&[("store", s("example_corp")), ("region", s("eu-west-1"))])).await,
        ["everything", "exact", "not_exists", "prefix"]
    );
    assert_eq!(receivers(attrs(&[("status", s("cancelled"))])).await, ["everything", "not_exists"]);
    assert_eq!(receivers(attrs(&[("status", s("shipped"))])).await, ["anything_but", "everything", "not_exists"]);
    assert_eq!(receivers(attrs(&[("price", n("99"))])).await, ["everything", "not_exists"]);
    assert_eq!(
        receivers(attrs(&[("price", n("300.0"))])).await,
        ["everything", "not_exists", "number_exact", "numeric"]
    );
    assert_eq!(receivers(attrs(&[("price", n("500"))])).await, ["everything", "not_exists"]);
    // A numeric condition never matches a String attribute, even one that looks like a number.
    assert_eq!(receivers(attrs(&[("price", s("300"))])).await, ["everything", "not_exists"]);
    assert_eq!(receivers(attrs(&[("vip", s("yes"))])).await, ["everything", "exists"]);
    assert_eq!(
        receivers(attrs(&[("store", s("example_corp")), ("price", n("2000"))])).await,
        ["and_or", "everything", "exact", "not_exists"]
    );
    assert_eq!(
        receivers(attrs(&[("store", s("example_corp")), ("region", s("us-west-2"))])).await,
        ["everything", "exact", "not_exists"]
    );
    let tags = MessageAttribute { data_type: "String.Array".into(), value: r#"["blue","red"]"#.into() };
    assert_eq!(receivers(attrs(&[("tags", tags)])).await, ["array", "everything", "not_exists"]);
}

#[tokio::test]
async fn the_notification_is_an_sns_event() {
    let (local, rec) = local(service());
    let id = local
        .publish("Orders", "{\"id\":1}", attrs(&[("store", MessageAttribute::string("example_corp"))]))
        .await
        .unwrap();
    local.idle().await;
    let event = rec.calls("exact").remove(0);
    let sns = &event["Records"][0]["Sns"];
    assert_eq!(sns["MessageId"], id.as_str());
    assert_eq!(sns["TopicArn"], "arn:aws:sns:us-east-1:000000000000:shop-local-Orders");
    assert_eq!(sns["MessageAttributes"]["store"], json!({"Type": "String", "Value": "example_corp"}));
    let typed: aws_lambda_events::event::sns::SnsEvent = serde_json::from_value(event).unwrap();
    assert_eq!(typed.records[0].sns.message, "{\"id\":1}");
}

#[tokio::test]
async fn bad_policies_and_attributes_are_errors_with_pointers() {
    let m = manifest(json!({
        "service": "shop",
        "functions": [sub("bad", json!({"price": [{"numeric": ["~", 1]}]}))],
        "resources": [{"name": "Orders", "retain": false, "kind": "topic"}],
    }));
    let recorder = std::sync::Arc::new(support::Recorder::default());
    let err = lambdaform_local::Local::new(m, recorder, lambdaform_local::Store::Memory, lambdaform_local::Clock::Real)
        .err()
        .unwrap();
    assert_eq!(
        err.to_string(),
        "/functions/0/events/0/filter_policy/price/0/numeric/0: the operator must be =, <, <=, > or >="
    );

    let nested = manifest(json!({
        "service": "shop",
        "functions": [sub("bad", json!({"store": {"name": ["x"]}}))],
        "resources": [{"name": "Orders", "retain": false, "kind": "topic"}],
    }));
    let recorder = std::sync::Arc::new(support::Recorder::default());
    let err =
        lambdaform_local::Local::new(nested, recorder, lambdaform_local::Store::Memory, lambdaform_local::Clock::Real)
            .err()
            .unwrap();
    assert!(
        err.to_string().starts_with("/functions/0/events/0/filter_policy/store: message attributes are flat"),
        "{err}"
    );

    let (local, _) = local(service());
    let err = local.publish("Orders", "m", attrs(&[("price", MessageAttribute::number("lots"))])).await.unwrap_err();
    assert!(matches!(&err, LocalError::Invalid { pointer, .. } if pointer == "/MessageAttributes/price"), "{err}");
    assert!(matches!(
        local.publish("Nope", "m", Attributes::new()).await,
        Err(LocalError::Unknown { kind: "topic", .. })
    ));
}
