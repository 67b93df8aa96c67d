//! `lambdaform deploy` / `remove` against `moto_server`: create the photo-service stack, fill its table and bucket,
//! update it (a new function, a changed memory size), and check the data and the stateful resources' logical and
//! physical ids survive; a broken template is refused with its reason and the stack is left as it was; `remove`
//! keeps the retained table and bucket. Durations are printed (`--nocapture`), never asserted.

mod deploy_support;

use std::collections::BTreeMap;
use std::time::Instant;

use aws_sdk_dynamodb::types::AttributeValue;
use deploy_support::{code, lambdaform, stderr, stdout, write_manifest, Clients, Example, Moto, TempDir};

const STATEFUL: [&str; 4] = ["UsersTable", "UploadsBucket", "EmailsQueue", "EmailsDeadLetterQueue"];

/// Resource types moto 5.2's CloudFormation has no model for, so it skips them (DESIGN.md's known gaps, and the
/// alarm): AWS creates them, moto lists nothing.
const MOTO_SKIPS: [&str; 3] = ["AWS::ApiGatewayV2::", "AWS::SNS::Subscription", "AWS::CloudWatch::Alarm"];

/// What the test looks at on the emulator besides the stack itself.
impl Clients {
    /// `CreateUserFunction`'s MemorySize in the template the stack now runs.
    async fn deployed_memory(&self, stack: &str) -> i64 {
        self.template(stack).await["Resources"]["CreateUserFunction"]["Properties"]["MemorySize"]
            .as_i64()
            .expect("MemorySize")
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

    async fn bucket_names(&self) -> Vec<String> {
        let out = self.s3.list_buckets().send().await.expect("list buckets");
        out.buckets().iter().filter_map(|b| b.name().map(str::to_string)).collect()
    }

    /// The outputs the stack reports (key → value).
    async fn outputs(&self, stack: &str) -> BTreeMap<String, String> {
        let out = self.cfn.describe_stacks().stack_name(stack).send().await.expect("describe stack");
        out.stacks()[0]
            .outputs()
            .iter()
            .filter_map(|o| Some((o.output_key()?.to_string(), o.output_value()?.to_string())))
            .collect()
    }
}

#[test]
fn deploy_update_break_and_remove_photo_service_on_moto() {
    let t0 = Instant::now();
    let dir = TempDir::new("deploy");
    let example = Example::build("photo-service", dir.path());
    let manifest = example.manifest.clone();
    let zip = example.zip.clone();
    let v1 = write_manifest(dir.path(), "v1.json", &manifest);

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
    assert!(!rt.block_on(aws.stack_exists(stack)), "a refused deploy left a stack");
    assert_eq!(rt.block_on(aws.bucket_names()), Vec::<String>::new(), "a refused deploy left a bucket");

    // Dry run of a create: the summary, then nothing left behind.
    let dry = deploy(&v1, &["--dry-run"]);
    assert_eq!(code(&dry), 0, "{}", stderr(&dry));
    assert!(stderr(&dry).contains("Add     UsersTable"), "{}", stderr(&dry));
    assert!(!rt.block_on(aws.stack_exists(stack)), "dry run left a stack");
    assert_eq!(rt.block_on(aws.bucket_names()), Vec::<String>::new(), "dry run left a bucket");

    let t = Instant::now();
    let created = deploy(&v1, &["--yes"]);
    let create_secs = t.elapsed().as_secs_f64();
    assert_eq!(code(&created), 0, "{}", stderr(&created));
    let log = stderr(&created);
    assert!(log.contains("created deployment bucket lambdaform-photo-service-us-east-1-"), "{log}");
    assert!(log.contains("uploaded s3://lambdaform-photo-service-us-east-1-"), "{log}");
    assert_eq!(rt.block_on(aws.status(stack)), "CREATE_COMPLETE");
    let before = rt.block_on(aws.resources(stack));
    let template = rt.block_on(aws.template(stack));
    let mut not_created = Vec::new();
    for (id, resource) in template["Resources"].as_object().expect("resources") {
        let kind = resource["Type"].as_str().unwrap_or_default();
        match before.get(id) {
            Some((_, reported)) => assert_eq!(reported, kind, "{id}"),
            None if MOTO_SKIPS.iter().any(|gap| kind.starts_with(gap)) => not_created.push(id.as_str()),
            None => panic!("{id} ({kind}) declared in the template but not in the stack"),
        }
    }
    if !not_created.is_empty() {
        println!(
            "skip: {} declared resources not checked to exist ({}) — moto 5.2 does not create {}",
            not_created.len(),
            not_created.join(", "),
            MOTO_SKIPS.join(" or ")
        );
    }
    let outputs = rt.block_on(aws.outputs(stack));
    if outputs.is_empty() {
        println!("skip: outputs printed after create — moto 5.2 reports no outputs for a stack made by a change set");
    } else {
        for key in template["Outputs"].as_object().expect("outputs").keys() {
            assert!(stdout(&created).contains(key.as_str()), "output {key} not printed: {}", stdout(&created));
        }
    }
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
    let v2 = write_manifest(dir.path(), "v2.json", &changed);

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
        assert!(before.contains_key(id), "{id} missing after create: {before:?}");
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
    assert_eq!(rt.block_on(aws.resources(stack)), after, "a no-op deploy changed the stack");

    // A broken template (an extra resource whose property has the wrong type): refused with the resource and the
    // reason, exit 1, and the previous stack intact: same status, same resources, same template, same data.
    let template_before = rt.block_on(aws.template(stack));
    let broken = dir.path().join("broken.json");
    std::fs::write(
        &broken,
        r#"{ "Resources": { "Broken": { "Type": "AWS::SQS::Queue", "Properties": { "VisibilityTimeout": "soon" } } } }"#,
    )
    .unwrap();
    let t = Instant::now();
    let failed = deploy(&v2, &["--yes", "--extra-resources", &broken.display().to_string()]);
    let broken_secs = t.elapsed().as_secs_f64();
    assert_eq!(code(&failed), 1, "{}", stderr(&failed));
    let reason = stderr(&failed);
    // AWS creates the change set and fails at the resource, then rolls back; moto's ValidateTemplate (cfn-lint)
    // refuses the template before that. Either way the stack must be as it was.
    let settled = if reason.contains("rejected the template") {
        assert!(reason.contains("nothing was changed") && reason.contains("'soon'"), "{reason}");
        println!(
            "skip: the first failing resource and UPDATE_ROLLBACK_COMPLETE after a failed update — moto 5.2 refuses \
             the template in ValidateTemplate (a reason naming the value, not the resource) and, past validation, \
             answers ExecuteChangeSet with HTTP 500 without rolling back; that message is unit-tested (apply.rs)"
        );
        "UPDATE_COMPLETE"
    } else {
        assert!(reason.contains("Update of photo-service-test failed: Broken (AWS::SQS::Queue)"), "{reason}");
        assert!(reason.contains("rolled back to the previous version (UPDATE_ROLLBACK_COMPLETE)"), "{reason}");
        "UPDATE_ROLLBACK_COMPLETE"
    };
    assert_eq!(rt.block_on(aws.status(stack)), settled);
    assert_eq!(rt.block_on(aws.resources(stack)), after, "the failed deploy changed the stack's resources");
    assert_eq!(rt.block_on(aws.template(stack)), template_before, "the failed deploy changed the stack's template");
    assert_eq!(rt.block_on(aws.user_ids(&table)), ids, "the failed deploy lost items");
    assert_eq!(rt.block_on(aws.object_keys(&bucket)), keys, "the failed deploy lost objects");

    let info = lambdaform(&["info", "--service", "photo-service", "--stage", "test"], &moto.endpoint);
    assert_eq!(code(&info), 0, "{}", stderr(&info));
    let info_text = stdout(&info);
    assert!(info_text.contains(settled) && info_text.contains("photo-service-test-audit_uploads"), "{info_text}");

    let t = Instant::now();
    let removed = lambdaform(&["remove", "--service", "photo-service", "--stage", "test", "--yes"], &moto.endpoint);
    let remove_secs = t.elapsed().as_secs_f64();
    assert_eq!(code(&removed), 0, "{}", stderr(&removed));
    let listed = stdout(&removed);
    for id in STATEFUL {
        assert!(listed.contains(id) && listed.contains(&after[id].0), "{id} not listed as retained: {listed}");
    }
    assert!(!rt.block_on(aws.stack_exists(stack)), "stack still there");
    assert_eq!(rt.block_on(aws.user_ids(&table)), ids, "retained table lost its items");
    assert_eq!(rt.block_on(aws.object_keys(&bucket)), keys, "retained bucket lost its objects");

    let missing = lambdaform(&["info", "--service", "photo-service", "--stage", "test"], &moto.endpoint);
    assert_eq!(code(&missing), 2);

    println!(
        "durations (s): photo-service build {:.1}, moto start {moto_secs:.1}, create {create_secs:.1}, \
         update {update_secs:.1}, no-op {noop_secs:.1}, broken {broken_secs:.1}, remove {remove_secs:.1}, total {:.1}",
        example.build_secs,
        t0.elapsed().as_secs_f64()
    );
}
