//! `lambdaform deploy` / `remove` against `moto_server`: create the photo-service stack, fill its table and bucket,
//! update it (a new function, a changed memory size), and check the data and the stateful resources' logical and
//! physical ids survive; a broken template is refused with its reason and the stack is left as it was; `remove`
//! keeps the retained table and bucket. Durations are printed (`--nocapture`), never asserted.

mod deploy_support;

use std::collections::BTreeMap;
use std::time::Instant;

use aws_sdk_cloudformation::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_dynamodb::types::AttributeValue;
use deploy_support::{build_photo_service, lambdaform, Moto, TempDir};
use lambdaform_codegen::binary::read_manifest;
use lambdaform_codegen::package::zip_bootstrap;
use lambdaform_manifest::{Architecture, Manifest};

const STATEFUL: [&str; 4] = ["UsersTable", "UploadsBucket", "EmailsQueue", "EmailsDeadLetterQueue"];

struct Clients {
    cfn: aws_sdk_cloudformation::Client,
    s3: aws_sdk_s3::Client,
    ddb: aws_sdk_dynamodb::Client,
}

impl Clients {
    fn new(endpoint: &str) -> Clients {
        let config = aws_sdk_cloudformation::config::Builder::new()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .endpoint_url(endpoint)
            .credentials_provider(Credentials::new("testing", "testing", None, None, "test"))
            .build();
        let s3 = aws_sdk_s3::config::Builder::new()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .endpoint_url(endpoint)
            .credentials_provider(Credentials::new("testing", "testing", None, None, "test"))
            .force_path_style(true)
            .build();
        let ddb = aws_sdk_dynamodb::config::Builder::new()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .endpoint_url(endpoint)
            .credentials_provider(Credentials::new("testing", "testing", None, None, "test"))
            .build();
        Clients {
            cfn: aws_sdk_cloudformation::Client::from_conf(config),
            s3: aws_sdk_s3::Client::from_conf(s3),
            ddb: aws_sdk_dynamodb::Client::from_conf(ddb),
        }
    }

    /// Logical id → (physical id, type) of every resource the stack reports.
    async fn resources(&self, stack: &str) -> BTreeMap<String, (String, String)> {
        let out = self.cfn.describe_stack_resources().stack_name(stack).send().await.expect("describe resources");
        out.stack_resources()
            .iter()
            .filter_map(|r| {
                Some((
                    r.logical_resource_id()?.to_string(),
                    (r.physical_resource_id().unwrap_or_default().to_string(), r.resource_type()?.to_string()),
                ))
            })
            .collect()
    }

    async fn status(&self, stack: &str) -> String {
        let out = self.cfn.describe_stacks().stack_name(stack).send().await.expect("describe stack");
        out.stacks()[0].stack_status().expect("a status").as_str().to_string()
    }

    /// `CreateUserFunction`'s MemorySize in the template the stack now runs.
    async fn deployed_memory(&self, stack: &str) -> i64 {
        let body = self.cfn.get_template().stack_name(stack).send().await.expect("template");
        let template: serde_json::Value = serde_json::from_str(body.template_body().unwrap()).unwrap();
        template["Resources"]["CreateUserFunction"]["Properties"]["MemorySize"].as_i64().expect("MemorySize")
    }

    async fn user_ids(&self, table: &str) -> Vec<String> {
        let out = self.ddb.scan().table_name(table).send().await.expect("scan");
        let mut ids: Vec<String> =
            out.items().iter().filter_map(|i| i.get("id").and_then(|v| v.as_s().ok()).cloned()).collect();
        ids.sort();
        ids
    }

    async fn object_keys(&self, bucket: &str) -> Vec<String> {
        let out = self.s3.list_objects_v2().bucket(bucket).send().await.expect("list objects");
        out.contents().iter().filter_map(|o| o.key().map(str::to_string)).collect()
    }
}

fn code(out: &std::process::Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn write_manifest(dir: &std::path::Path, name: &str, m: &Manifest) -> String {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(m).unwrap()).unwrap();
    path.display().to_string()
}

#[test]
#[ignore = "not yet run to completion on CI's machine: it builds photo-service once more in its own profile; run with --ignored"]
fn deploy_update_break_and_remove_photo_service_on_moto() {
    let t0 = Instant::now();
    let binary = build_photo_service();
    let build_secs = t0.elapsed().as_secs_f64();
    let dir = TempDir::new("deploy");
    let mut manifest = read_manifest(&binary).expect("photo-service manifest");
    // The bootstrap here is a host (x86_64) build; say so, as `lambdaform package` would for this binary.
    for f in &mut manifest.functions {
        f.architecture = Architecture::X86_64;
    }
    let zip = dir.0.join("bootstrap.zip");
    zip_bootstrap(&binary, &zip).expect("zip the bootstrap");
    let zip = zip.display().to_string();
    let v1 = write_manifest(&dir.0, "v1.json", &manifest);

    let t = Instant::now();
    let moto = Moto::start();
    let moto_secs = t.elapsed().as_secs_f64();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let aws = Clients::new(&moto.endpoint);
    let stack = "photo-service-test";
    let deploy = |manifest: &str, extra: &[&str]| {
        let mut args = vec!["deploy", "--manifest", manifest, "--artifact", &zip, "--stage", "test"];
        args.extend_from_slice(extra);
        lambdaform(&args, &moto.endpoint)
    };

    // No terminal and no --yes: refused before anything is created.
    let refused = deploy(&v1, &[]);
    assert_eq!(code(&refused), 2, "{}", stderr(&refused));
    assert!(stderr(&refused).contains("--yes"), "{}", stderr(&refused));

    // Dry run of a create: the summary, then nothing left behind.
    let dry = deploy(&v1, &["--dry-run"]);
    assert_eq!(code(&dry), 0, "{}", stderr(&dry));
    assert!(stderr(&dry).contains("Add     UsersTable"), "{}", stderr(&dry));
    assert!(rt.block_on(aws.cfn.describe_stacks().stack_name(stack).send()).is_err(), "dry run left a stack");

    let t = Instant::now();
    let created = deploy(&v1, &["--yes"]);
    let create_secs = t.elapsed().as_secs_f64();
    assert_eq!(code(&created), 0, "{}", stderr(&created));
    assert!(stderr(&created).contains("uploaded s3://lambdaform-photo-service-us-east-1-"), "{}", stderr(&created));
    assert_eq!(rt.block_on(aws.status(stack)), "CREATE_COMPLETE");
    let before = rt.block_on(aws.resources(stack));
    let table = before["UsersTable"].0.clone();
    let bucket = before["UploadsBucket"].0.clone();

    let ids: Vec<String> = (1..=5).map(|i| format!("user-{i}")).collect();
    let keys: Vec<String> = (1..=3).map(|i| format!("images/photo-{i}.png")).collect();
    rt.block_on(async {
        for id in &ids {
            aws.ddb.put_item().table_name(&table).item("id", AttributeValue::S(id.clone())).send().await.unwrap();
        }
        for key in &keys {
            aws.s3.put_object().bucket(&bucket).key(key).body(key.as_bytes().to_vec().into()).send().await.unwrap();
        }
    });

    // Version 2: a new function and more memory for create_user.
    let mut changed = manifest.clone();
    let mut audit = changed.function("cleanup").expect("cleanup function").clone();
    audit.name = "audit_uploads".into();
    changed.functions.push(audit);
    changed.functions.sort_by(|a, b| a.name.cmp(&b.name));
    let create_user = changed.functions.iter_mut().find(|f| f.name == "create_user").unwrap();
    assert_ne!(create_user.memory, 1024);
    create_user.memory = 1024;
    let v2 = write_manifest(&dir.0, "v2.json", &changed);

    let t = Instant::now();
    let updated = deploy(&v2, &["--yes"]);
    let update_secs = t.elapsed().as_secs_f64();
    assert_eq!(code(&updated), 0, "{}", stderr(&updated));
    let log = stderr(&updated);
    assert!(log.contains("code unchanged"), "same artifact uploaded again: {log}");
    assert!(log.contains("Add     AuditUploadsFunction"), "{log}");
    assert!(log.contains("Modify  CreateUserFunction"), "{log}");
    assert_eq!(rt.block_on(aws.status(stack)), "UPDATE_COMPLETE");
    let after = rt.block_on(aws.resources(stack));
    assert!(after.contains_key("AuditUploadsFunction"), "new function missing: {after:?}");
    assert_eq!(rt.block_on(aws.deployed_memory(stack)), 1024);
    for id in STATEFUL {
        assert_eq!(before.get(id), after.get(id), "{id} changed its logical or physical id");
    }
    assert_eq!(rt.block_on(aws.user_ids(&table)), ids);
    assert_eq!(rt.block_on(aws.object_keys(&bucket)), keys);

    // The same version again: no change set to execute.
    let t = Instant::now();
    let again = deploy(&v2, &["--yes"]);
    let noop_secs = t.elapsed().as_secs_f64();
    assert_eq!(code(&again), 0, "{}", stderr(&again));
    assert!(stderr(&again).contains("no changes"), "{}", stderr(&again));

    // A broken extra resource: refused with the reason, exit 1, the stack exactly as it was.
    let broken = dir.0.join("broken.json");
    std::fs::write(
        &broken,
        r#"{ "Resources": { "Broken": { "Type": "AWS::SQS::Queue", "Properties": { "VisibilityTimeout": "soon" } } } }"#,
    )
    .unwrap();
    let t = Instant::now();
    let failed = deploy(&v2, &["--yes", "--extra-resources", &broken.display().to_string()]);
    let broken_secs = t.elapsed().as_secs_f64();
    assert_eq!(code(&failed), 1, "{}", stderr(&failed));
    assert!(
        stderr(&failed).contains("rejected the template") && stderr(&failed).contains("soon"),
        "{}",
        stderr(&failed)
    );
    assert_eq!(rt.block_on(aws.status(stack)), "UPDATE_COMPLETE");
    assert_eq!(rt.block_on(aws.resources(stack)), after, "the failed deploy changed the stack");

    let info = lambdaform(&["info", "--service", "photo-service", "--stage", "test"], &moto.endpoint);
    assert_eq!(code(&info), 0, "{}", stderr(&info));
    let info_text = String::from_utf8_lossy(&info.stdout);
    assert!(
        info_text.contains("UPDATE_COMPLETE") && info_text.contains("photo-service-test-audit_uploads"),
        "{info_text}"
    );

    let t = Instant::now();
    let removed = lambdaform(&["remove", "--service", "photo-service", "--stage", "test", "--yes"], &moto.endpoint);
    let remove_secs = t.elapsed().as_secs_f64();
    assert_eq!(code(&removed), 0, "{}", stderr(&removed));
    let listed = String::from_utf8_lossy(&removed.stdout);
    for id in STATEFUL {
        assert!(listed.contains(id), "{id} not listed as retained: {listed}");
    }
    assert!(rt.block_on(aws.cfn.describe_stacks().stack_name(stack).send()).is_err(), "stack still there");
    assert_eq!(rt.block_on(aws.user_ids(&table)), ids, "retained table lost its items");
    assert_eq!(rt.block_on(aws.object_keys(&bucket)), keys, "retained bucket lost its objects");

    let missing = lambdaform(&["info", "--service", "photo-service", "--stage", "test"], &moto.endpoint);
    assert_eq!(code(&missing), 2);

    println!(
        "durations (s): photo-service build {build_secs:.1}, moto start {moto_secs:.1}, create {create_secs:.1}, \
         update {update_secs:.1}, no-op {noop_secs:.1}, broken {broken_secs:.1}, remove {remove_secs:.1}, total {:.1}",
        t0.elapsed().as_secs_f64()
    );
}
