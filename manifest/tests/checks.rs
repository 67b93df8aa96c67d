//! The whole-service checks `Manifest::from_fragments` runs on what it reads out of a binary.

use lambdaform_manifest::*;
use serde_json::json;

fn function(name: &str, events: serde_json::Value, uses: serde_json::Value) -> Fragment {
    Fragment::Function(
        serde_json::from_value(json!({
            "name": name, "rust_path": format!("svc::{name}"), "memory": 128, "timeout": 3,
            "architecture": "arm64", "log_retention": 14, "events": events, "uses": uses,
            "source": {"package": "svc", "file": "src/main.rs", "line": 1}
        }))
        .unwrap(),
    )
}

fn resource(name: &str, kind: serde_json::Value) -> Fragment {
    let mut value =
        json!({"name": name, "retain": true, "source": {"package": "svc", "file": "src/main.rs", "line": 1}});
    value.as_object_mut().unwrap().extend(kind.as_object().unwrap().clone());
    Fragment::Resource(serde_json::from_value(value).unwrap())
}

fn service() -> Fragment {
    Fragment::Service { name: "svc".into() }
}

fn http(method: &str, path: &str) -> serde_json::Value {
    json!({"type": "http", "method": method, "path": path, "api": "http"})
}

fn messages(fragments: Vec<Fragment>) -> Vec<String> {
    Manifest::from_fragments(fragments).unwrap_err().into_iter().map(|e| e.to_string()).collect()
}

#[test]
fn sorted_by_name_whatever_the_link_order() {
    let a = function("b", json!([]), json!([]));
    let b = function("a", json!([]), json!([]));
    let m = Manifest::from_fragments(vec![a, service(), b]).unwrap();
    let names: Vec<_> = m.functions.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
}

#[test]
fn no_service_and_empty_service() {
    assert!(messages(vec![function("a", json!([]), json!([]))])[0].contains("no `lambdaform::main!()`"));
    assert!(messages(vec![service()])[0].contains("has no `#[function]`"));
}

#[test]
fn duplicate_function_names() {
    let m = messages(vec![service(), function("a", json!([]), json!([])), function("a", json!([]), json!([]))]);
    assert_eq!(m, ["/functions/1/name: function name `a` is used twice (also /functions/0, `svc::a`)"]);
}

#[test]
fn two_functions_on_one_route() {
    let m = messages(vec![
        service(),
        function("a", json!([http("GET", "/users")]), json!([])),
        function("b", json!([http("ANY", "/users")]), json!([])),
        function("c", json!([http("POST", "/users")]), json!([])),
    ]);
    // `c` is fine: `b`, the clashing route, was refused, and POST does not clash with GET.
    assert_eq!(m, ["/functions/1/events/0: route ANY /users of `b` is already served by `a`"]);
}

#[test]
fn resource_used_but_not_declared() {
    let m = messages(vec![service(), function("a", json!([]), json!([{"resource": "Users", "access": "read"}]))]);
    assert_eq!(m, ["/functions/0/uses/0: function `a`: uses `Users`, which the service does not declare"]);
}

#[test]
fn trigger_on_the_wrong_kind_of_resource() {
    let sqs = json!([{"type": "sqs", "queue": "Users", "batch_size": 10}]);
    let m = messages(vec![
        service(),
        resource(
            "Users",
            json!({"kind": "table", "partition_key": {"name": "id", "type": "S"}, "billing": {"mode": "pay_per_request"}}),
        ),
        function("a", sqs, json!([])),
    ]);
    assert_eq!(m, ["/functions/0/events/0: function `a`: #[sqs] needs a #[queue], but `Users` is a #[table]"]);
}

#[test]
fn visibility_timeout_below_six_times_the_function_timeout() {
    let m = messages(vec![
        service(),
        resource("Jobs", json!({"kind": "queue", "visibility_timeout": 10, "retention": 3600})),
        function("a", json!([{"type": "sqs", "queue": "Jobs", "batch_size": 10}]), json!([])),
    ]);
    assert!(
        m[0].contains("visibility timeout of 10 s; AWS advises at least 6 × the function's timeout (18 s)"),
        "{m:?}"
    );
}

#[test]
fn hand_edited_limits_are_checked() {
    let mut f = function("a", json!([http("GET", "/x")]), json!([]));
    if let Fragment::Function(f) = &mut f {
        f.memory = 64;
        f.timeout = 30;
        f.log_retention = 2;
    }
    let m = messages(vec![service(), f]);
    assert!(m.iter().any(|e| e.starts_with("/functions/0/memory:")), "{m:?}");
    assert!(m.iter().any(|e| e.starts_with("/functions/0/log_retention:")), "{m:?}");
    assert!(m.iter().any(|e| e.contains("over API Gateway's 29 s")), "{m:?}");
}

#[test]
fn stream_trigger_needs_a_table_with_a_stream() {
    let m = messages(vec![
        service(),
        resource(
            "Users",
            json!({"kind": "table", "partition_key": {"name": "id", "type": "S"}, "billing": {"mode": "pay_per_request"}}),
        ),
        function(
            "a",
            json!([{"type": "dynamodb_stream", "table": "Users", "starting_position": "LATEST", "batch_size": 100}]),
            json!([]),
        ),
    ]);
    assert!(m[0].contains("has no stream"), "{m:?}");
}
