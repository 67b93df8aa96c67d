// Shared by the deploy test binaries (`mod deploy_support;`); also compiled alone as an empty test binary.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use aws_sdk_cloudformation::config::{BehaviorVersion, Credentials, Region};
use lambdaform_codegen::binary::read_manifest;
use lambdaform_codegen::package::zip_bootstrap;
use lambdaform_manifest::{Architecture, Manifest};
pub use lambdaform_test_support::{workspace, workspace_binary, Moto, TempDir};

/// SDK clients on the emulator, to look at what a deploy did the way a user of the service would.
pub struct Clients {
    pub cfn: aws_sdk_cloudformation::Client,
    pub s3: aws_sdk_s3::Client,
    pub ddb: aws_sdk_dynamodb::Client,
    pub sfn: aws_sdk_sfn::Client,
}

impl Clients {
    pub fn new(endpoint: &str) -> Clients {
        let region = Region::new("us-east-1");
        let credentials = Credentials::new("testing", "testing", None, None, "test");
        let cfn = aws_sdk_cloudformation::config::Builder::new()
            .behavior_version(BehaviorVersion::latest())
            .region(region.clone())
            .endpoint_url(endpoint)
            .credentials_provider(credentials.clone())
            .build();
        let s3 = aws_sdk_s3::config::Builder::new()
            .behavior_version(BehaviorVersion::latest())
            .region(region.clone())
            .endpoint_url(endpoint)
            .credentials_provider(credentials.clone())
            .force_path_style(true)
            .build();
        let ddb = aws_sdk_dynamodb::config::Builder::new()
            .behavior_version(BehaviorVersion::latest())
            .region(region.clone())
            .endpoint_url(endpoint)
            .credentials_provider(credentials.clone())
            .build();
        let sfn = aws_sdk_sfn::config::Builder::new()
            .behavior_version(BehaviorVersion::latest())
            .region(region)
            .endpoint_url(endpoint)
            .credentials_provider(credentials)
            .build();
        Clients {
            cfn: aws_sdk_cloudformation::Client::from_conf(cfn),
            s3: aws_sdk_s3::Client::from_conf(s3),
            ddb: aws_sdk_dynamodb::Client::from_conf(ddb),
            sfn: aws_sdk_sfn::Client::from_conf(sfn),
        }
    }

    /// Logical id → (physical id, type) of every resource the stack reports.
    pub async fn resources(&self, stack: &str) -> BTreeMap<String, (String, String)> {
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

    pub async fn status(&self, stack: &str) -> String {
        let out = self.cfn.describe_stacks().stack_name(stack).send().await.expect("describe stack");
        out.stacks()[0].stack_status().expect("a status").as_str().to_string()
    }

    pub async fn stack_exists(&self, stack: &str) -> bool {
        self.cfn.describe_stacks().stack_name(stack).send().await.is_ok()
    }

    /// The template the stack now runs.
    pub async fn template(&self, stack: &str) -> serde_json::Value {
        let body = self.cfn.get_template().stack_name(stack).send().await.expect("template");
        serde_json::from_str(body.template_body().expect("a template body")).expect("a JSON template")
    }
}

/// An example service built for deploying: its manifest (architecture set to the host's, as `lambdaform package`
/// would for this binary) and its bootstrap zipped into `dir`.
pub struct Example {
    pub manifest: Manifest,
    pub zip: String,
    pub build_secs: f64,
}

impl Example {
    pub fn build(package: &str, dir: &Path) -> Example {
        let started = std::time::Instant::now();
        let binary = workspace_binary(package);
        let build_secs = started.elapsed().as_secs_f64();
        let mut manifest = read_manifest(&binary).unwrap_or_else(|e| panic!("{package} manifest: {e}"));
        for f in &mut manifest.functions {
            f.architecture = host_architecture();
        }
        let zip = dir.join(format!("{package}.zip"));
        zip_bootstrap(&binary, &zip).expect("zip the bootstrap");
        Example { manifest, zip: zip.display().to_string(), build_secs }
    }
}

fn host_architecture() -> Architecture {
    if cfg!(target_arch = "aarch64") {
        Architecture::Arm64
    } else {
        Architecture::X86_64
    }
}

pub fn write_manifest(dir: &Path, name: &str, m: &Manifest) -> String {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(m).unwrap()).unwrap();
    path.display().to_string()
}

pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs the `lambdaform` binary with fixed dummy credentials and no shared config files, so nothing on this
/// machine decides where the requests go.
pub fn lambdaform(args: &[&str], endpoint: &str) -> Output {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--endpoint-url", endpoint, "--region", "us-east-1"]);
    let out = Command::new(env!("CARGO_BIN_EXE_lambdaform"))
        .args(&all)
        .envs(fake_credentials())
        .stdin(Stdio::null())
        .output()
        .expect("run lambdaform");
    eprintln!("$ lambdaform {}\n{}{}", all.join(" "), stderr(&out), stdout(&out));
    out
}

pub fn fake_credentials() -> Vec<(&'static str, &'static str)> {
    vec![
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_CONFIG_FILE", "/nonexistent/lambdaform-test-config"),
        ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/lambdaform-test-credentials"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ]
}

/// Whether the workspace has this example (`examples/<name>`) yet.
pub fn example_exists(name: &str) -> bool {
    workspace().join("examples").join(name).join("Cargo.toml").is_file()
}
