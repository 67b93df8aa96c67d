//! `lambdaform run-asl`: runs one state machine definition locally and prints the outcome as JSON.
//!
//! Contract (scripts depend on it): stdout is one JSON object, `{"status":"SUCCEEDED","output":...}`
//! or `{"status":"FAILED","error":...,"cause":...}` (plus `"history"` with `--history`), exit 0; an
//! invalid definition prints `{"status":"INVALID","errors":[{"pointer","message"}]}` and exits 2.
//! Unusable arguments (unreadable files, bad input JSON, unknown test case) exit 1 with a message on stderr.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use lambdaform_asl::exec::{Clock, Executor, MockResolver, NoTasks};
use lambdaform_asl::model::StateMachine;
use serde_json::{json, Value};

#[derive(Debug, clap::Args)]
pub struct RunAslArgs {
    /// The ASL definition (JSON file).
    #[arg(long)]
    pub definition: PathBuf,
    /// The execution input: JSON text, or `@FILE` to read it from a file.
    #[arg(long, default_value = "{}")]
    pub input: String,
    /// A Step Functions Local MockConfigFile answering the Task states.
    #[arg(long, requires = "test_case")]
    pub mock_config: Option<PathBuf>,
    /// The test case of the mock config to use.
    #[arg(long, requires = "mock_config")]
    pub test_case: Option<String>,
    /// Include the execution history (GetExecutionHistory events).
    #[arg(long)]
    pub history: bool,
    /// Really sleep in Wait states and retries instead of advancing a virtual clock.
    #[arg(long)]
    pub real_time: bool,
}

pub fn run(args: RunAslArgs) -> ExitCode {
    match execute(&args) {
        Ok((report, code)) => {
            println!("{report}");
            code
        }
        Err(message) => {
            eprintln!("lambdaform run-asl: {message}");
            ExitCode::from(1)
        }
    }
}

fn execute(args: &RunAslArgs) -> Result<(Value, ExitCode), String> {
    let text = read(&args.definition)?;
    let definition: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            return Ok((invalid(vec![("".into(), format!("the definition is not JSON: {e}"))]), ExitCode::from(2)))
        }
    };
    let problems = lambdaform_asl::validate::validate(&definition);
    if !problems.is_empty() {
        return Ok((invalid(problems.into_iter().map(|p| (p.pointer, p.message)).collect()), ExitCode::from(2)));
    }
    let machine = match StateMachine::from_value(definition) {
        Ok(m) => m,
        Err(e) => return Ok((invalid(vec![("".into(), e.to_string())]), ExitCode::from(2))),
    };
    let input = parse_input(&args.input)?;
    let name = machine_name(&args.definition);
    let clock = if args.real_time { Clock::Real } else { Clock::default() };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .map_err(|e| format!("cannot start a runtime: {e}"))?;
    let result = match (&args.mock_config, &args.test_case) {
        (Some(path), Some(case)) => {
            let config: Value =
                serde_json::from_str(&read(path)?).map_err(|e| format!("{}: not JSON: {e}", path.display()))?;
            let mock_machine = mock_machine_name(&config, &name).map_err(|e| format!("{}: {e}", path.display()))?;
            let resolver = MockResolver::from_config(&config, &mock_machine, case)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            let executor = Executor::new(machine, resolver).with_clock(clock).with_state_machine_name(mock_machine);
            runtime.block_on(executor.start(input))
        }
        _ => {
            let executor = Executor::new(machine, NoTasks).with_clock(clock).with_state_machine_name(name);
            runtime.block_on(executor.start(input))
        }
    };
    Ok((result.to_json(args.history), ExitCode::SUCCESS))
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn parse_input(arg: &str) -> Result<Value, String> {
    let text = match arg.strip_prefix('@') {
        Some(file) => read(Path::new(file))?,
        None => arg.to_string(),
    };
    serde_json::from_str(&text).map_err(|e| format!("--input is not JSON: {e}"))
}

fn invalid(errors: Vec<(String, String)>) -> Value {
    json!({
        "status": "INVALID",
        "errors": errors.into_iter().map(|(pointer, message)| json!({"pointer": pointer, "message": message})).collect::<Vec<_>>(),
    })
}

/// `orders.asl.json` → `orders`.
fn machine_name(definition: &Path) -> String {
    let file = definition.file_name().and_then(|f| f.to_str()).unwrap_or("StateMachine");
    let stem = file.strip_suffix(".json").unwrap_or(file);
    stem.strip_suffix(".asl").unwrap_or(stem).to_string()
}

/// The mock config's entry for this definition: the one named like the file, or the only one.
fn mock_machine_name(config: &Value, name: &str) -> Result<String, String> {
    let machines =
        config.get("StateMachines").and_then(Value::as_object).ok_or("/StateMachines: missing or not an object")?;
    if machines.contains_key(name) {
        return Ok(name.to_string());
    }
    match machines.keys().collect::<Vec<_>>().as_slice() {
        [only] => Ok((*only).clone()),
        keys => Err(format!(
            "/StateMachines: no entry named '{name}' (after the definition file) and {} others to choose from",
            keys.len()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(machine_name(Path::new("dir/orders.asl.json")), "orders");
        assert_eq!(machine_name(Path::new("x.json")), "x");
        let cfg = json!({"StateMachines": {"a": {}, "b": {}}});
        assert_eq!(mock_machine_name(&cfg, "b").unwrap(), "b");
        assert!(mock_machine_name(&cfg, "c").is_err());
        assert_eq!(mock_machine_name(&json!({"StateMachines": {"a": {}}}), "c").unwrap(), "a");
    }

    #[test]
    fn inputs() {
        assert_eq!(parse_input("{\"a\":1}").unwrap(), json!({"a": 1}));
        assert!(parse_input("{").is_err());
    }
}
