//! Synth benchmark: manifests of 10, 100 and 1,000 functions (with 100 resources), timed through synthesis and
//! rendering of all three outputs; then `serverless package` on the 1,000-function serverless.yml, for the ratio.
//!
//! Run: `cargo bench -p lambdaform-codegen --bench synth` (needs scripts/install-tools.sh for the ratio).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use lambdaform_codegen::package::zip_bootstrap;
use lambdaform_codegen::synth::{synth, SynthOptions, Target};
use lambdaform_manifest::Manifest;
use serde_json::{json, Value};

const RESOURCES: usize = 100;

fn resource(i: usize) -> Value {
    let source = json!({ "package": "bench", "file": "src/lib.rs", "line": i });
    match i % 4 {
        0 => {
            json!({ "name": format!("Table{i}"), "retain": true, "kind": "table", "partition_key": { "name": "id", "type": "S" }, "billing": { "mode": "pay_per_request" }, "stream": "NEW_IMAGE", "source": source })
        }
        1 => json!({ "name": format!("Bucket{i}"), "retain": true, "kind": "bucket", "source": source }),
        2 => json!({ "name": format!("Topic{i}"), "retain": false, "kind": "topic", "source": source }),
        _ => {
            json!({ "name": format!("Queue{i}"), "retain": true, "kind": "queue", "visibility_timeout": 120, "retention": 345600, "dlq_max_receive": 5, "source": source })
        }
    }
}

/// One function per kind of trigger in turn, each using two resources.
fn function(i: usize) -> Value {
    let r = |k: usize| {
        let j = (i * 4 + k) % RESOURCES;
        resource(j)["name"].clone()
    };
    let event = match i % 6 {
        0 => json!({ "type": "http", "method": "POST", "path": format!("/items{i}/{{id}}"), "api": "http" }),
        1 => json!({ "type": "sqs", "queue": r(3), "batch_size": 10, "partial_failures": true }),
        2 => json!({ "type": "schedule", "expression": "rate(5 minutes)", "input": { "n": i } }),
        3 => json!({ "type": "sns", "topic": r(2) }),
        4 => json!({ "type": "dynamodb_stream", "table": r(0), "starting_position": "LATEST", "batch_size": 100 }),
        _ => {
            json!({ "type": "s3", "bucket": { "declared": r(1) }, "events": ["s3:ObjectCreated:*"], "prefix": format!("f{i}/") })
        }
    };
    json!({
        "name": format!("fn{i}"),
        "rust_path": format!("bench::fn{i}"),
        "memory": 256,
        "timeout": 10,
        "architecture": "arm64",
        "log_retention": 14,
        "uses": [{ "resource": r(0), "access": "read_write" }, { "resource": r(2), "access": "publish" }],
        "events": [event],
        "source": { "package": "bench", "file": "src/lib.rs", "line": i },
    })
}

fn manifest(functions: usize) -> Manifest {
    let doc = json!({
        "service": "bench",
        "functions": (0..functions).map(function).collect::<Vec<_>>(),
        "resources": (0..RESOURCES).map(resource).collect::<Vec<_>>(),
    });
    serde_json::from_value(doc).expect("the generated manifest fits the model")
}

/// Synthesis plus rendering of the three files: what `lambdaform synth` does besides I/O.
fn synth_once(m: &Manifest) -> (Duration, String) {
    let start = Instant::now();
    let out = synth(m, &SynthOptions::default()).unwrap_or_else(|e| panic!("bench manifest: {e}"));
    let mut serverless = String::new();
    for target in [Target::CloudFormation, Target::Sam, Target::Serverless] {
        let text = out.render(target).expect("renders");
        if target == Target::Serverless {
            serverless = text;
        }
    }
    (start.elapsed(), serverless)
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn serverless_package(dir: &Path) -> Option<Duration> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let sls = root.join(".tools/node/node_modules/.bin/serverless");
    if !sls.exists() {
        println!("serverless package: skipped, {} is missing (run scripts/install-tools.sh)", sls.display());
        return None;
    }
    let start = Instant::now();
    let status = Command::new(&sls)
        .args(["package", "--stage", "dev"])
        .current_dir(dir)
        .env("AWS_ACCESS_KEY_ID", "bench")
        .env("AWS_SECRET_ACCESS_KEY", "bench")
        .env("SLS_TELEMETRY_DISABLED", "1")
        .env("SLS_NOTIFICATIONS_MODE", "off")
        .status()
        .ok()?;
    let elapsed = start.elapsed();
    if status.success() {
        Some(elapsed)
    } else {
        println!("serverless package failed ({status})");
        None
    }
}

fn main() {
    let mut medians = Vec::new();
    let mut largest = String::new();
    for n in [10, 100, 1000] {
        let m = manifest(n);
        let runs = if n == 1000 { 5 } else { 21 };
        let mut samples = Vec::new();
        for _ in 0..runs {
            let (elapsed, serverless) = synth_once(&m);
            samples.push(elapsed);
            largest = serverless;
        }
        let t = median(samples);
        println!(
            "synth {n:>5} functions + {RESOURCES} resources: median {:>9.3} ms over {runs} runs",
            t.as_secs_f64() * 1e3
        );
        medians.push(t);
    }
    let growth = medians[2].as_secs_f64() / medians[0].as_secs_f64();
    println!("growth time(1000)/time(10): {growth:.1} (linear would be 100)");

    let dir: PathBuf = std::env::temp_dir().join(format!("lambdaform-synth-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("serverless.yml"), &largest).expect("write serverless.yml");
    let stand_in = dir.join("bootstrap");
    std::fs::write(&stand_in, b"#!/bin/sh\n").expect("write stand-in bootstrap");
    zip_bootstrap(&stand_in, &dir.join("bootstrap.zip")).expect("zip");
    if let Some(sls) = serverless_package(&dir) {
        println!("serverless package (1000 functions): {:.3} s", sls.as_secs_f64());
        println!("ratio serverless package / lambdaform synth: {:.0}x", sls.as_secs_f64() / medians[2].as_secs_f64());
    }
    let _ = std::fs::remove_dir_all(&dir);
}
