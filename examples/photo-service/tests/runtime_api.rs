//! End to end, the way Lambda runs it: the real `bootstrap` of this service, started once per function with
//! `_HANDLER` set, answers real event JSON for every trigger through the in-repo Lambda Runtime API emulator.
//! Its AWS calls go to a moto server on 127.0.0.1, so every side effect is checked too.
//!
//! Needs `moto_server`: `LAMBDAFORM_MOTO_SERVER`, `.tools/venv` (the README's test command installs it there) or PATH.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType,
};
use lambdaform_codegen::runtime_api::{FunctionEnv, FunctionProcess, Outcome, RuntimeApi};
use lambdaform_manifest::{limits::resource_env_var, Manifest};
use lambdaform_test_support::Moto;
use serde_json::{json, Value};

/// The deployed names of the service's resources, as a stack would create them.
struct Deployed {
    values: BTreeMap<String, String>,
}

struct Service {
    binary: &'static Path,
    manifest: Manifest,
    moto: Moto,
    deployed: Deployed,
}

impl Service {
    /// The environment the template gives `function`: only the resources it names, plus the emulator endpoint.
    fn environment(&self, function: &str) -> BTreeMap<String, String> {
        let f = self.manifest.function(function).unwrap_or_else(|| panic!("no function `{function}` in the manifest"));
        let mut env = BTreeMap::from([("AWS_ENDPOINT_URL".to_string(), self.moto.endpoint.clone())]);
        for name in f.touched_resources() {
            let resource = self.manifest.resource(name).expect("the manifest checks resources exist");
            for attribute in resource.kind.runtime_attributes() {
                let var = resource_env_var(name, attribute);
                env.insert(var.clone(), self.deployed.values[&var].clone());
            }
        }
        env
    }

    async fn invoke(&self, function: &str, event: &Value) -> Outcome {
        let api = RuntimeApi::start().await.expect("the emulator starts");
        let f = self.manifest.function(function).expect("declared");
        let env = FunctionEnv {
            handler: f.name.clone(),
            function_name: format!("photo-service-test-{}", f.name),
            memory_mb: f.memory,
            timeout: Duration::from_secs(f.timeout.into()),
            environment: self.environment(function),
            region: "us-east-1".into(),
        };
        let process = FunctionProcess::spawn(self.binary, &api, &env).await.expect("the bootstrap starts");
        let payload = serde_json::to_vec(event).expect("events serialize");
        let invocation = api.invoke(env.invoke_request(payload)).await.expect("the invocation completes");
        process.kill().await;
        api.shutdown().await;
        invocation.outcome
    }

    async fn ok(&self, function: &str, event: &Value) -> Value {
        match self.invoke(function, event).await {
            Outcome::Response(body) => serde_json::from_slice(&body).expect("a JSON response"),
            Outcome::Error(e) => panic!("{function} failed: {} {}", e.error_type, e.error_message),
        }
    }
}

fn event(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("events").join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).expect("event file")).expect("event JSON")
}

/// Replaces a placeholder everywhere in an event.
fn with(event: Value, placeholder: &str, value: &str) -> Value {
    serde_json::from_str(&event.to_string().replace(placeholder, value)).expect("still JSON")
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(width, height, image::Rgb([1, 2, 3])))
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("encodes");
    out.into_inner()
}

async fn deploy(moto: &Moto) -> Deployed {
    std::env::set_var("AWS_ENDPOINT_URL", &moto.endpoint);
    std::env::set_var("AWS_ACCESS_KEY_ID", "test");
    std::env::set_var("AWS_SECRET_ACCESS_KEY", "test");
    std::env::set_var("AWS_REGION", "us-east-1");
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let dynamodb = aws_sdk_dynamodb::Client::new(&config);
    let table = dynamodb
        .create_table()
        .table_name("photo-users")
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(
            AttributeDefinition::builder().attribute_name("id").attribute_type(ScalarAttributeType::S).build().unwrap(),
        )
        .key_schema(KeySchemaElement::builder().attribute_name("id").key_type(KeyType::Hash).build().unwrap())
        .send()
        .await
        .expect("table");
    let s3 = aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(&config).force_path_style(true).build());
    s3.create_bucket().bucket("photo-uploads").send().await.expect("bucket");
    let sns = aws_sdk_sns::Client::new(&config);
    let topic = sns.create_topic().name("photo-signups").send().await.expect("topic");
    let sqs = aws_sdk_sqs::Client::new(&config);
    let queue = sqs.create_queue().queue_name("photo-emails").send().await.expect("queue");
    let table_arn = table.table_description().and_then(|t| t.table_arn()).unwrap_or_default().to_string();
    let topic_arn = topic.topic_arn().unwrap_or_default().to_string();
    let queue_url = queue.queue_url().unwrap_or_default().to_string();
    let values = [
        ("Users", "NAME", "photo-users".to_string()),
        ("Users", "ARN", table_arn),
        ("Uploads", "NAME", "photo-uploads".to_string()),
        ("Uploads", "ARN", "arn:aws:s3:::photo-uploads".to_string()),
        ("Signups", "NAME", "photo-signups".to_string()),
        ("Signups", "ARN", topic_arn),
        ("Emails", "NAME", "photo-emails".to_string()),
        ("Emails", "ARN", "arn:aws:sqs:us-east-1:123456789012:photo-emails".to_string()),
        ("Emails", "URL", queue_url),
    ];
    Deployed { values: values.into_iter().map(|(r, a, v)| (resource_env_var(r, a), v)).collect() }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_trigger_through_the_runtime_api() {
    let binary = Path::new(env!("CARGO_BIN_EXE_photo-service"));
    let manifest = lambdaform_codegen::binary::read_manifest(binary).expect("the binary carries its manifest");
    let moto = Moto::start();
    let deployed = deploy(&moto).await;
    let service = Service { binary, manifest, moto, deployed };
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let s3 = aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(&config).force_path_style(true).build());
    let dynamodb = aws_sdk_dynamodb::Client::new(&config);

    // HTTP API: create, read, delete, read again.
    let created = service.ok("create_user", &event("http-create-user.json")).await;
    assert_eq!(created["statusCode"], 201, "{created}");
    let user: Value = serde_json::from_str(created["body"].as_str().expect("a body")).expect("a user");
    assert_eq!(user["name"], "Ada Lovelace");
    assert_eq!(user["status"], "pending");
    let id = user["id"].as_str().expect("an id").to_string();
    assert_eq!(created["headers"]["location"], format!("/users/{id}"));

    let invalid = with(event("http-create-user.json"), "ada@example.com", "not-an-address");
    let refused = service.ok("create_user", &invalid).await;
    assert_eq!(refused["statusCode"], 422, "{refused}");

    let fetched = service.ok("get_user", &with(event("http-get-user.json"), "USER_ID", &id)).await;
    assert_eq!(fetched["statusCode"], 200, "{fetched}");
    assert_eq!(serde_json::from_str::<Value>(fetched["body"].as_str().unwrap()).unwrap(), user);

    let listed = service.ok("list_users", &with(event("http-get-user.json"), "USER_ID", "")).await;
    assert_eq!(serde_json::from_str::<Value>(listed["body"].as_str().unwrap()).unwrap(), json!([user]));

    // S3: an uploaded image gets its thumbnail (the key arrives URL-encoded).
    s3.put_object()
        .bucket("photo-uploads")
        .key("images/holiday 2026/cat.png")
        .body(png(640, 320).into())
        .send()
        .await
        .unwrap();
    let made = service.ok("make_thumbnail", &with(event("s3-object-created.json"), "BUCKET", "photo-uploads")).await;
    assert_eq!(made, json!({"thumbnails": ["thumbnails/holiday 2026/cat.png"]}));
    let thumb = s3.get_object().bucket("photo-uploads").key("thumbnails/holiday 2026/cat.png").send().await.unwrap();
    let thumb = image::load_from_memory(&thumb.body.collect().await.unwrap().into_bytes()).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (128, 64));

    // A failing handler: Lambda's error shape, with the error enum's variant as errorType.
    s3.put_object()
        .bucket("photo-uploads")
        .key("images/notes.txt")
        .body(b"plain text".to_vec().into())
        .send()
        .await
        .unwrap();
    let broken = with(
        with(event("s3-object-created.json"), "BUCKET", "photo-uploads"),
        "images/holiday+2026/cat.png",
        "images/notes.txt",
    );
    match service.invoke("make_thumbnail", &broken).await {
        Outcome::Error(e) => {
            assert_eq!(e.error_type, "NotAnImage");
            assert!(
                e.error_message.contains("s3://photo-uploads/images/notes.txt is not an image"),
                "{}",
                e.error_message
            );
        }
        Outcome::Response(r) => panic!("expected an error, got {}", String::from_utf8_lossy(&r)),
    }

    // DynamoDB stream → topic.
    let announced = service.ok("announce_signups", &event("dynamodb-insert.json")).await;
    assert_eq!(announced, json!({"published": 1}));

    // SNS → queue.
    let queued = service.ok("queue_welcome", &event("sns-signup.json")).await;
    assert_eq!(queued, json!({"queued": 1}));

    // SQS with a poison message: only that one is reported failed; the good one reached the outbox.
    let sent = service.ok("send_emails", &event("sqs-emails.json")).await;
    assert_eq!(sent, json!({"batchItemFailures": [{"itemIdentifier": "2e1424d4-f796-459a-8184-9c92662be6da"}]}));
    let outbox = s3
        .get_object()
        .bucket("photo-uploads")
        .key("outbox/059f36b4-87a3-44ab-83d2-661975830a7d.eml")
        .send()
        .await
        .unwrap();
    let text = String::from_utf8(outbox.body.collect().await.unwrap().into_bytes().to_vec()).unwrap();
    assert!(text.contains("To: ada@example.com\r\nSubject: Welcome, Ada!"), "{text}");

    // Schedule: a pending signup older than a day is purged, a fresh one stays.
    let stale = [("id", "stale"), ("name", "Old"), ("email", "old@example.com"), ("status", "pending")];
    let mut item: std::collections::HashMap<String, AttributeValue> =
        stale.iter().map(|(k, v)| (k.to_string(), AttributeValue::S(v.to_string()))).collect();
    item.insert("created_at".into(), AttributeValue::N("1700000000".into()));
    dynamodb.put_item().table_name("photo-users").set_item(Some(item)).send().await.unwrap();
    let purged = service.ok("cleanup", &event("schedule.json")).await;
    assert_eq!(purged, json!({"purged": ["stale"]}), "the user created by the test is younger than a day");

    // EventBridge: a purge request deletes the user; one without a reason is refused with its variant name.
    let purge = service.ok("purge_user", &with(event("eventbridge-purge.json"), "USER_ID", &id)).await;
    assert_eq!(purge, json!({"user_id": id, "existed": true}));
    let gone = service.ok("get_user", &with(event("http-get-user.json"), "USER_ID", &id)).await;
    assert_eq!(gone["statusCode"], 404);
    let no_reason = with(event("eventbridge-purge.json"), "data deletion request #4411", " ");
    match service.invoke("purge_user", &no_reason).await {
        Outcome::Error(e) => assert_eq!(
            (e.error_type.as_str(), e.error_message.as_str()),
            ("NoReason", "refusing to purge without a reason")
        ),
        Outcome::Response(r) => panic!("expected an error, got {}", String::from_utf8_lossy(&r)),
    }

    // Alarm → topic → function.
    let pages = service.ok("page_oncall", &event("alarm.json")).await;
    assert_eq!(pages[0]["urgent"], true);
    assert_eq!(pages[0]["alarm"], "signup-errors");

    // Warm-up pings are answered by the glue, for HTTP and event functions alike.
    let ping: Value = serde_json::from_str(lambdaform_manifest::limits::WARMUP_PAYLOAD).unwrap();
    for function in ["create_user", "make_thumbnail", "cleanup"] {
        assert_eq!(service.ok(function, &ping).await, json!({"warm": true}));
    }

    // An event of the wrong shape is an unmarshal error, not a crash.
    match service.invoke("make_thumbnail", &json!({"Records": "nope"})).await {
        Outcome::Error(e) => assert_eq!(e.error_type, "Runtime.UnmarshalError"),
        Outcome::Response(r) => panic!("expected an error, got {}", String::from_utf8_lossy(&r)),
    }
}
