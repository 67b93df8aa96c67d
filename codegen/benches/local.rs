//! `lambdaform local` against `cargo lambda watch` (PyPI `cargo-lambda`), serving the same order-total
//! handler: `bench/glue-lambdaform` on lambdaform's dev server (in-process mode, its default), and
//! `bench/glue-handwritten` (the same `order.rs` on plain `lambda_runtime`) on cargo-lambda's emulator (its
//! default of one instance). Both are driven through their Invoke endpoints with the same order, 64
//! keep-alive connections, one run each: requests per second and p99 latency, and the ratio.
//!
//! Everything is built in release: the dev server and the load generator by `cargo bench`, both handlers by
//! this bench (`cargo build --release`) and by `cargo lambda watch --release`. A third run sends the same load
//! to a dev server route that invokes nothing (`POST /_lambdaform/idle`): the ceiling of the load generator
//! and the server's HTTP path on this machine, to tell what the handler path costs.
//!
//! Each run also prints where the CPU went: the CPU time (user + system, from `/proc/<pid>/stat`) per request
//! of the server process, of each of its child processes (the serve-all process; cargo-lambda's function
//! process) and of the load generator (this bench), since all of them share the machine's cores.
//!
//! `cargo bench -p lambdaform-codegen --bench local`; cargo-lambda is found in `$CARGO_LAMBDA`, else
//! `.tools/venv/bin/cargo-lambda` (`pip install cargo-lambda` into that venv), else on PATH.

use lambdaform_codegen::local::client::Connection;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CONNECTIONS: usize = 64;
const REQUESTS: usize = 10_000;
const WARMUP: usize = 500;
const ORDER: &str = r#"{"id":"o-1","items":[{"sku":"a","quantity":2,"unit_cents":250},{"sku":"b","quantity":1,"unit_cents":1999},{"sku":"c","quantity":3,"unit_cents":5},{"sku":"d","quantity":1,"unit_cents":100}]}"#;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("codegen sits in the workspace").to_path_buf()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port()
}

fn build(package: &str) -> PathBuf {
    let output = Command::new(env!("CARGO"))
        .args(["build", "--release", "--bins", "--message-format=json-render-diagnostics", "-p", package])
        .current_dir(workspace_root())
        .stderr(Stdio::inherit())
        .output()
        .expect("run cargo build");
    assert!(output.status.success(), "building {package} failed");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["target"]["name"] == package)
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
        .expect("cargo reported the executable")
}

fn cargo_lambda() -> PathBuf {
    if let Some(path) = std::env::var_os("CARGO_LAMBDA") {
        return PathBuf::from(path);
    }
    let venv = workspace_root().join(".tools/venv/bin/cargo-lambda");
    if venv.exists() {
        return venv;
    }
    PathBuf::from("cargo-lambda")
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Sends `ORDER` to `path` until one answer is 200 (the server is up and the function built).
async fn wait_ready(address: SocketAddr, path: &str, within: Duration) {
    let deadline = Instant::now() + within;
    loop {
        if let Ok(mut connection) = Connection::open(address).await {
            if let Ok(answer) = connection.call("POST", path, ORDER.as_bytes().to_vec()).await {
                if answer.status == 200 && answer.text().contains("total_cents") {
                    return;
                }
            }
        }
        assert!(Instant::now() < deadline, "{address}{path} did not answer within {within:?}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

struct Figures {
    per_second: f64,
    p50: Duration,
    p99: Duration,
    errors: usize,
    /// CPU per request of each process involved: see [`cpu_per_request`].
    cpu: String,
}

/// The 1-minute load average, to record how busy the shared machine was.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split(' ').next().map(str::to_owned))
        .unwrap_or_default()
}

/// CPU time so far (user + system, clock ticks) of `pid` and of each process descended from it, by pid with
/// its command name; Linux only (an empty list elsewhere).
fn cpu_ticks(root: u32) -> Vec<(u32, String, u64)> {
    let stat = |pid: u32| -> Option<(String, u32, u64)> {
        let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // `pid (comm) state ppid ...`: the name may hold spaces, so split after its closing parenthesis.
        let (head, rest) = text.rsplit_once(") ")?;
        let name = head.split_once(" (")?.1.to_owned();
        let fields: Vec<&str> = rest.split(' ').collect();
        let ppid = fields.get(1)?.parse().ok()?;
        let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
        Some((name, ppid, ticks))
    };
    let all: Vec<(u32, String, u32, u64)> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| stat(pid).map(|(name, ppid, ticks)| (pid, name, ppid, ticks)))
        .collect();
    let mut tree = vec![root];
    let mut found = Vec::new();
    while let Some(pid) = tree.pop() {
        if let Some((_, name, _, ticks)) = all.iter().find(|p| p.0 == pid) {
            found.push((pid, name.clone(), *ticks));
        }
        tree.extend(all.iter().filter(|p| p.2 == pid).map(|p| p.0));
    }
    found
}

/// Per process, the CPU microseconds per request spent between `before` and `after`.
fn cpu_per_request(before: &[(u32, String, u64)], after: &[(u32, String, u64)], requests: usize) -> String {
    // `/proc` counts in USER_HZ, 100 a second on every Linux architecture (an ABI constant).
    let ticks_per_second = 100.0;
    after
        .iter()
        .map(|(pid, name, ticks)| {
            let start = before.iter().find(|p| p.0 == *pid).map_or(0, |p| p.2);
            let micros = (ticks - start) as f64 * 1e6 / ticks_per_second / requests as f64;
            format!("{name} {micros:.0} µs")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// [`load`], with the CPU the server (`pid` and its children) and this load generator spent on it.
async fn measured_load(pid: u32, address: SocketAddr, path: &'static str, total: usize) -> Figures {
    let snapshot = || {
        let mut processes = cpu_ticks(pid);
        processes.extend(
            cpu_ticks(std::process::id())
                .into_iter()
                .take(1)
                .map(|(pid, _, ticks)| (pid, "load generator".to_owned(), ticks)),
        );
        processes
    };
    let before = snapshot();
    let mut figures = load(address, path, total).await;
    figures.cpu = cpu_per_request(&before, &snapshot(), total);
    figures
}

async fn load(address: SocketAddr, path: &'static str, total: usize) -> Figures {
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for worker in 0..CONNECTIONS {
        tasks.spawn(async move {
            let mut connection = Connection::open(address).await.expect("connect");
            let mut results = Vec::new();
            for _ in (worker..total).step_by(CONNECTIONS) {
                let sent = Instant::now();
                let ok = match connection.call("POST", path, ORDER.as_bytes().to_vec()).await {
                    Ok(answer) => answer.status == 200,
                    Err(_) => {
                        connection = Connection::open(address).await.expect("reconnect");
                        false
                    }
                };
                results.push((ok, sent.elapsed()));
            }
            results
        });
    }
    let mut latencies = Vec::with_capacity(total);
    let mut errors = 0;
    while let Some(results) = tasks.join_next().await {
        for (ok, latency) in results.expect("a load task") {
            errors += usize::from(!ok);
            latencies.push(latency);
        }
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let at = |p: f64| latencies[((latencies.len() as f64 * p).ceil() as usize).saturating_sub(1)];
    Figures {
        per_second: total as f64 / elapsed.as_secs_f64(),
        p50: at(0.50),
        p99: at(0.99),
        errors,
        cpu: String::new(),
    }
}

fn print(name: &str, figures: &Figures) {
    println!(
        "{name}: {REQUESTS} requests on {CONNECTIONS} connections: {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms, {} errors (load average {})",
        figures.per_second,
        figures.p50.as_secs_f64() * 1e3,
        figures.p99.as_secs_f64() * 1e3,
        figures.errors,
        load_average()
    );
    println!("  CPU per request: {}", figures.cpu);
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let service = build("glue-lambdaform");
    let port = free_port();
    let lambdaform = Server(
        Command::new(env!("CARGO_BIN_EXE_lambdaform"))
            .args(["local", "--binary"])
            .arg(&service)
            .args(["--port", &port.to_string()])
            .stdout(Stdio::null())
            .spawn()
            .expect("start lambdaform local"),
    );
    let address: SocketAddr = ([127, 0, 0, 1], port).into();
    let path = "/_lambdaform/invoke/total";
    wait_ready(address, path, Duration::from_secs(60)).await;
    load(address, path, WARMUP).await;
    let ours = measured_load(lambdaform.0.id(), address, path, REQUESTS).await;
    print("lambdaform local (in-process)", &ours);
    let ceiling = measured_load(lambdaform.0.id(), address, "/_lambdaform/idle", REQUESTS).await;
    print("lambdaform local, no handler (POST /_lambdaform/idle)", &ceiling);
    drop(lambdaform);

    let port = free_port();
    let watch = Server(
        Command::new(cargo_lambda())
            .args(["lambda", "watch", "--release", "--quiet", "--invoke-address", "127.0.0.1"])
            .args(["--invoke-port", &port.to_string()])
            .current_dir(workspace_root().join("bench/glue-handwritten"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start cargo lambda watch (pip install cargo-lambda)"),
    );
    let address: SocketAddr = ([127, 0, 0, 1], port).into();
    let path = "/2015-03-31/functions/glue-handwritten/invocations";
    // The first invocation waits for cargo-lambda's own build of the function.
    wait_ready(address, path, Duration::from_secs(900)).await;
    load(address, path, WARMUP).await;
    let theirs = measured_load(watch.0.id(), address, path, REQUESTS).await;
    print("cargo lambda watch", &theirs);
    drop(watch);

    println!(
        "ratio: {:.1}x the requests per second, p99 {:.1}x lower",
        ours.per_second / theirs.per_second,
        theirs.p99.as_secs_f64() / ours.p99.as_secs_f64()
    );
}
