//! `lambdaform local start-execution | executions | send-task-success | send-task-failure`: state machines
//! of a running dev server, through its `/_lambdaform/executions` and `/_lambdaform/task-tokens` routes.

use std::net::Ipv4Addr;
use std::path::PathBuf;

use crate::local::client::{escape_path, request};
use serde_json::{json, Value};

#[derive(clap::Args, Debug)]
pub struct StartArgs {
    /// The state machine, as declared (`order`) or by its ARN.
    pub machine: String,
    /// The execution's input, as JSON text.
    #[arg(long, conflicts_with = "input_file")]
    pub input: Option<String>,
    /// A file holding the input (`-` reads stdin).
    #[arg(long)]
    pub input_file: Option<PathBuf>,
    /// The execution's name (unique per machine; a UUID otherwise).
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long, default_value_t = 3000)]
    pub port: u16,
}

#[derive(clap::Args, Debug)]
pub struct ExecutionsArgs {
    /// One execution's ARN: its description, history and waiting task tokens. Without it, the list.
    pub execution: Option<String>,
    /// Only this machine's executions.
    #[arg(long)]
    pub machine: Option<String>,
    /// Only executions in this status (RUNNING, SUCCEEDED, FAILED, TIMED_OUT).
    #[arg(long)]
    pub status: Option<String>,
    #[arg(long, default_value_t = 3000)]
    pub port: u16,
}

#[derive(clap::Args, Debug)]
pub struct SuccessArgs {
    /// The task token the callback step received.
    pub token: String,
    /// The task's result, as JSON text.
    #[arg(long, default_value = "{}")]
    pub output: String,
    #[arg(long, default_value_t = 3000)]
    pub port: u16,
}

#[derive(clap::Args, Debug)]
pub struct FailureArgs {
    /// The task token the callback step received.
    pub token: String,
    /// The error name a Catch or Retry matches.
    #[arg(long)]
    pub error: Option<String>,
    #[arg(long)]
    pub cause: Option<String>,
    #[arg(long, default_value_t = 3000)]
    pub port: u16,
}

fn json_text(text: &str, what: &str) -> Result<Vec<u8>, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("{what} is not JSON: {e}"))?;
    Ok(value.to_string().into_bytes())
}

/// Sends one admin request and prints the JSON answer; a refusal is the error.
async fn call(port: u16, method: &str, path: &str, body: Vec<u8>) -> Result<(), String> {
    let (status, answer) = request((Ipv4Addr::LOCALHOST, port).into(), method, path, body)
        .await
        .map_err(|e| format!("no dev server answered on 127.0.0.1:{port} ({e}); start `lambdaform local` first"))?;
    let text = String::from_utf8_lossy(&answer);
    if !(200..300).contains(&status) {
        let message = serde_json::from_str::<Value>(&text)
            .ok()
            .and_then(|v| v["error"].as_str().map(str::to_owned))
            .unwrap_or_else(|| text.into_owned());
        return Err(format!("the dev server refused ({status}): {message}"));
    }
    let pretty = serde_json::from_str::<Value>(&text)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| text.into_owned());
    println!("{pretty}");
    Ok(())
}

pub async fn start(args: StartArgs) -> Result<(), String> {
    let input = match (&args.input, &args.input_file) {
        (Some(text), _) => json_text(text, "--input")?,
        (None, Some(path)) if path.as_os_str() == "-" => {
            let text = std::io::read_to_string(std::io::stdin()).map_err(|e| format!("cannot read stdin: {e}"))?;
            json_text(&text, "stdin")?
        }
        (None, Some(path)) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            json_text(&text, &path.display().to_string())?
        }
        (None, None) => b"{}".to_vec(),
    };
    let mut path = format!("/_lambdaform/executions/{}", escape_path(&args.machine));
    if let Some(name) = &args.name {
        path.push_str(&format!("?name={}", escape_path(name)));
    }
    call(args.port, "POST", &path, input).await
}

pub async fn executions(args: ExecutionsArgs) -> Result<(), String> {
    let path = match &args.execution {
        Some(arn) => format!("/_lambdaform/executions/{}", escape_path(arn)),
        None => {
            let filters: Vec<String> = [("machine", &args.machine), ("status", &args.status)]
                .into_iter()
                .filter_map(|(name, value)| value.as_ref().map(|v| format!("{name}={}", escape_path(v))))
                .collect();
            let query = if filters.is_empty() { String::new() } else { format!("?{}", filters.join("&")) };
            format!("/_lambdaform/executions{query}")
        }
    };
    call(args.port, "GET", &path, Vec::new()).await
}

pub async fn send_success(args: SuccessArgs) -> Result<(), String> {
    let path = format!("/_lambdaform/task-tokens/{}/success", escape_path(&args.token));
    call(args.port, "POST", &path, json_text(&args.output, "--output")?).await
}

pub async fn send_failure(args: FailureArgs) -> Result<(), String> {
    let path = format!("/_lambdaform/task-tokens/{}/failure", escape_path(&args.token));
    let body = json!({ "error": args.error, "cause": args.cause }).to_string().into_bytes();
    call(args.port, "POST", &path, body).await
}
