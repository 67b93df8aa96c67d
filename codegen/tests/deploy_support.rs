// Shared by the deploy test binaries (`mod deploy_support;`); also compiled alone as an empty test binary.
#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A `moto_server` on 127.0.0.1 at a free port, stopped when dropped.
pub struct Moto {
    child: Child,
    pub endpoint: String,
    _dir: TempDir,
}

impl Moto {
    pub fn start() -> Moto {
        let program = moto_program();
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        // moto's ValidateTemplate runs cfn-lint, which writes a scratch file into the working directory.
        let dir = TempDir::new("moto");
        let child = Command::new(&program)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .current_dir(&dir.0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(120), "moto_server did not listen on port {port}");
            std::thread::sleep(Duration::from_millis(200));
        }
        Moto { child, endpoint: format!("http://127.0.0.1:{port}"), _dir: dir }
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `LAMBDAFORM_MOTO_SERVER`, then the venv scripts/install-tools.sh makes, then PATH.
fn moto_program() -> PathBuf {
    if let Some(p) = std::env::var_os("LAMBDAFORM_MOTO_SERVER") {
        return PathBuf::from(p);
    }
    let venv = workspace().join(".tools/venv/bin/moto_server");
    if venv.is_file() {
        return venv;
    }
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join("moto_server"))
        .find(|p| p.is_file());
    on_path.expect("moto_server not found: run scripts/install-tools.sh or set LAMBDAFORM_MOTO_SERVER")
}

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("codegen sits in the workspace").to_path_buf()
}

pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let dir =
            std::env::temp_dir().join(format!("lambdaform-{tag}-{}-{}", std::process::id(), uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
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
    eprintln!(
        "$ lambdaform {}\n{}{}",
        all.join(" "),
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
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

/// Builds photo-service without debug info (a small bootstrap to upload) in its own target folder: the
/// `cargo test` running this holds the lock on the usual one.
pub fn build_photo_service() -> PathBuf {
    let target = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(Path::to_path_buf))
        .expect("test binary inside a target folder")
        .join("deploy-fixture");
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "-p", "photo-service", "--bins", "--message-format=json-render-diagnostics"])
        .current_dir(workspace())
        .env("CARGO_TARGET_DIR", &target)
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .stderr(Stdio::inherit())
        .output()
        .expect("run cargo");
    assert!(output.status.success(), "photo-service did not build");
    output
        .stdout
        .split(|b| *b == b'\n')
        .filter_map(|line| serde_json::from_slice::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "photo-service")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .expect("cargo reported the photo-service executable")
}
