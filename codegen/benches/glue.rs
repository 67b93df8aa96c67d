//! The glue-overhead benchmark: the same order-total handler on lambdaform's `#[function]` glue
//! (`bench/glue-lambdaform`) and written by hand on `lambda_runtime` (`bench/glue-handwritten`).
//!
//! `cargo bench -p lambdaform-codegen --bench glue` builds them with `cargo build --release` and prints their
//! stripped sizes, then drives each through the Runtime API emulator: a warm-up, then rounds of sequential
//! invocations that rotate between the binaries (so background load hits all alike), and prints the median
//! requests per second. Each lambdaform binary is compared with the hand-written one that does the same work:
//! `glue-lambdaform` (`main!()` starts `lambda_runtime`'s default log subscriber, as AWS's examples do) with
//! `glue-handwritten-logging`, and `glue-lambdaform-quiet` (`main!(tracing = false)`) with `glue-handwritten`.
//! `GLUE_BENCH_N` (invocations per round, default 2000) and `GLUE_BENCH_ROUNDS` (default 9) change the workload.
//! Results are printed, never asserted: see docs/benchmarks.md.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use lambdaform_codegen::runtime_api::{FunctionEnv, FunctionProcess, Outcome, RuntimeApi};
use serde_json::{json, Value};

/// A binary under comparison.
struct Binary {
    label: &'static str,
    package: &'static str,
    name: &'static str,
    /// `_HANDLER`: lambdaform dispatches on it, the hand-written binaries ignore it.
    handler: &'static str,
}

const BINARIES: [Binary; 4] = [
    Binary { label: "lambdaform", package: "glue-lambdaform", name: "glue-lambdaform", handler: "total" },
    Binary { label: "lambdaform-quiet", package: "glue-lambdaform", name: "glue-lambdaform-quiet", handler: "total" },
    Binary {
        label: "handwritten+log",
        package: "glue-handwritten",
        name: "glue-handwritten-logging",
        handler: "bootstrap",
    },
    Binary { label: "handwritten", package: "glue-handwritten", name: "glue-handwritten", handler: "bootstrap" },
];

/// (lambdaform, hand-written) pairs doing the same work, as indexes into [`BINARIES`].
const PAIRS: [(usize, usize); 2] = [(0, 2), (1, 3)];

const WARMUP_INVOCATIONS: usize = 500;

fn main() -> ExitCode {
    // `cargo bench` passes `--bench`; there is nothing to filter, so arguments are ignored.
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("glue bench: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let invocations = env_number("GLUE_BENCH_N", 2000)?;
    let rounds = env_number("GLUE_BENCH_ROUNDS", 9)?;
    let paths = BINARIES.iter().map(|b| build_release(b.package, b.name)).collect::<Result<Vec<_>, _>>()?;

    let sizes = paths.iter().map(|path| file_size(path)).collect::<Result<Vec<_>, _>>()?;
    println!("binary size (release, stripped)");
    for ((binary, path), size) in BINARIES.iter().zip(&paths).zip(&sizes) {
        println!("  {:<16} {size:>10} bytes  {}", binary.label, path.display());
    }
    print_ratios(&sizes.iter().map(|&s| s as f64).collect::<Vec<_>>(), "target <= 1.05");

    // One thread for the emulator: the two cores are left to the function process and the rest of the machine.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    let rates = runtime.block_on(throughput(&paths, invocations, rounds))?;
    println!(
        "throughput ({rounds} rotating rounds of {invocations} sequential invocations, after {WARMUP_INVOCATIONS} warm-up each)"
    );
    let medians: Vec<f64> = rates.iter().map(|r| median(r)).collect();
    for ((binary, rates), median) in BINARIES.iter().zip(&rates).zip(&medians) {
        println!("  {:<16} median {median:>7.0} req/s  rounds {}", binary.label, list(rates));
    }
    print_ratios(&medians, "target >= 0.97");
    Ok(())
}

fn print_ratios(figures: &[f64], target: &str) {
    for (ours, theirs) in PAIRS {
        let ratio = figures[ours] / figures[theirs];
        println!("  ratio {}/{}: {ratio:.4} ({target})", BINARIES[ours].label, BINARIES[theirs].label);
    }
}

fn env_number(name: &str, default: usize) -> Result<usize, String> {
    match std::env::var(name) {
        Ok(text) => match text.parse::<usize>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(format!("{name} is `{text}`; expected a positive whole number")),
        },
        Err(_) => Ok(default),
    }
}

/// Builds one binary with the cargo running this bench (same target directory) and returns its path.
fn build_release(package: &str, binary: &str) -> Result<PathBuf, String> {
    let output = Command::new(env!("CARGO"))
        .args(["build", "--release", "--message-format=json-render-diagnostics", "-p", package, "--bin", binary])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!("cargo build --release -p {package} failed (messages above)"));
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|message| message["target"]["name"] == binary)
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| format!("cargo did not report the `{binary}` executable"))
}

fn file_size(path: &Path) -> Result<u64, String> {
    std::fs::metadata(path).map(|m| m.len()).map_err(|e| format!("{}: {e}", path.display()))
}

/// A small order, as a client would send it; both binaries must answer [`expected_total`].
fn order() -> Vec<u8> {
    json!({
        "id": "o-1042",
        "customer": "c-77",
        "items": [
            {"sku": "mug-blue", "quantity": 2, "unit_cents": 1250},
            {"sku": "tea-earl-grey", "quantity": 3, "unit_cents": 675},
            {"sku": "spoon", "quantity": 4, "unit_cents": 199},
            {"sku": "gift-wrap", "quantity": 1, "unit_cents": 350}
        ]
    })
    .to_string()
    .into_bytes()
}

fn expected_total() -> Value {
    json!({"id": "o-1042", "items": 10, "total_cents": 2 * 1250 + 3 * 675 + 4 * 199 + 350})
}

/// One binary running against its own emulator.
struct Subject {
    name: &'static str,
    api: RuntimeApi,
    process: FunctionProcess,
    env: FunctionEnv,
}

impl Subject {
    async fn start(name: &'static str, binary: &Path, handler: &str) -> Result<Subject, String> {
        let api = RuntimeApi::start().await.map_err(|e| format!("cannot start the emulator: {e}"))?;
        let env = FunctionEnv {
            handler: handler.to_owned(),
            function_name: name.to_owned(),
            timeout: Duration::from_secs(10),
            ..FunctionEnv::default()
        };
        let process = FunctionProcess::spawn(binary, &api, &env).await.map_err(|e| format!("{name}: {e}"))?;
        Ok(Subject { name, api, process, env })
    }

    /// Runs `count` sequential invocations, each checked, and returns the elapsed time.
    async fn run(&self, payload: &[u8], expected: &Value, count: usize) -> Result<Duration, String> {
        let started = Instant::now();
        for _ in 0..count {
            let invocation = self
                .api
                .invoke(self.env.invoke_request(payload.to_vec()))
                .await
                .map_err(|e| format!("{}: {e}", self.name))?;
            match &invocation.outcome {
                Outcome::Response(body) if serde_json::from_slice::<Value>(body).ok().as_ref() == Some(expected) => {}
                Outcome::Response(body) => {
                    return Err(format!("{} answered {}", self.name, String::from_utf8_lossy(body)));
                }
                Outcome::Error(error) => return Err(format!("{} failed: {error}", self.name)),
            }
        }
        Ok(started.elapsed())
    }

    async fn stop(self) {
        self.process.kill().await;
        self.api.shutdown().await;
    }
}

/// Requests per second of each round, per binary in [`BINARIES`] order.
async fn throughput(paths: &[PathBuf], invocations: usize, rounds: usize) -> Result<Vec<Vec<f64>>, String> {
    let mut subjects = Vec::new();
    for (binary, path) in BINARIES.iter().zip(paths) {
        match Subject::start(binary.label, path, binary.handler).await {
            Ok(subject) => subjects.push(subject),
            Err(e) => {
                stop_all(subjects).await;
                return Err(e);
            }
        }
    }
    let (payload, expected) = (order(), expected_total());
    let mut rates = vec![Vec::new(); subjects.len()];
    let measured = async {
        for subject in &subjects {
            subject.run(&payload, &expected, WARMUP_INVOCATIONS).await?;
        }
        for round in 0..rounds {
            // Rotate who goes first, so no binary always runs right after the same other one's burst.
            for turn in 0..subjects.len() {
                let index = (round + turn) % subjects.len();
                let elapsed = subjects[index].run(&payload, &expected, invocations).await?;
                rates[index].push(invocations as f64 / elapsed.as_secs_f64());
            }
        }
        Ok::<(), String>(())
    }
    .await;
    stop_all(subjects).await;
    measured.map(|()| rates)
}

async fn stop_all(subjects: Vec<Subject>) {
    for subject in subjects {
        subject.stop().await;
    }
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

fn list(values: &[f64]) -> String {
    values.iter().map(|v| format!("{v:.0}")).collect::<Vec<_>>().join(" ")
}
