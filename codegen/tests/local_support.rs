// Shared by the dev server test binaries (`mod local_support;`); also compiled alone as an empty test binary.
#![allow(dead_code, unused_imports)]

use lambdaform_codegen::local::client::{Answer, Connection};
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The dev server's subjects: photo-service, and lambdaform-codegen's own `examples/local_fixture.rs`.
pub use lambdaform_test_support::workspace_binary;

pub fn workspace_example(name: &str) -> PathBuf {
    lambdaform_test_support::workspace_example("lambdaform-codegen", name)
}

/// `lambdaform local` running as a child process, its log lines collected.
pub struct DevServer {
    child: Child,
    pub address: SocketAddr,
    pub log: Arc<Mutex<Vec<Value>>>,
}

impl DevServer {
    /// Starts `lambdaform local --binary BINARY --port 0 --json` plus `extra` arguments and waits until it
    /// announces its address.
    pub fn start(binary: &Path, extra: &[&str]) -> DevServer {
        let mut child = Command::new(env!("CARGO_BIN_EXE_lambdaform"))
            .arg("local")
            .arg("--binary")
            .arg(binary)
            .args(["--port", "0", "--json"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start lambdaform local");
        let stdout = child.stdout.take().expect("piped stdout");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (address_tx, address_rx) = std::sync::mpsc::channel();
        let lines = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let Ok(record) = serde_json::from_str::<Value>(&line) else { continue };
                if let Some(address) = record["message"].as_str().and_then(announced_address) {
                    let _ = address_tx.send(address);
                }
                lines.lock().unwrap().push(record);
            }
        });
        let address = address_rx.recv_timeout(Duration::from_secs(120)).expect("the dev server announced its address");
        DevServer { child, address, log }
    }

    pub fn endpoint(&self) -> String {
        format!("http://{}", self.address)
    }

    pub async fn connect(&self) -> Connection {
        Connection::open(self.address).await.expect("connect to the dev server")
    }

    pub async fn call(&self, method: &str, path: &str, body: impl Into<Vec<u8>>) -> Answer {
        self.connect().await.call(method, path, body.into()).await.expect("the dev server answers")
    }

    /// The report records of `function` logged so far.
    pub fn reports(&self, function: &str) -> Vec<Value> {
        let log = self.log.lock().unwrap();
        log.iter().filter(|r| r["type"] == "report" && r["function"] == function).cloned().collect()
    }

    /// Polls `check` until it gives a value, for effects of asynchronous triggers.
    pub async fn eventually<T, F, Fut>(&self, what: &str, timeout: Duration, mut check: F) -> T
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Option<T>>,
    {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(value) = check().await {
                return value;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for DevServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `photo-service on http://127.0.0.1:PORT (...)` → the address.
fn announced_address(message: &str) -> Option<SocketAddr> {
    message.split("http://").nth(1)?.split([' ', '/']).next()?.parse().ok()
}

/// An AWS SDK configuration pointing at the dev server, with dummy credentials.
pub async fn aws_config(endpoint: &str) -> aws_config::SdkConfig {
    let credentials = aws_credential_types::Credentials::new("AKIALOCAL", "secret", None, None, "lambdaform-tests");
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(credentials)
        .load()
        .await
}

pub fn s3_client(config: &aws_config::SdkConfig) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(config).force_path_style(true).build())
}

/// Resident memory of a process in KiB (`VmRSS`).
pub fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().strip_suffix("kB"))
        .and_then(|kb| kb.trim().parse().ok())
        .unwrap_or(0)
}

/// A PNG of the given size.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(width, height, image::Rgb([7, 8, 9])))
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("encodes");
    out.into_inner()
}
