//! A real `lambda_runtime` bootstrap (`examples/echo_fn.rs`) driven through the Runtime API emulator.

use lambdaform_codegen::runtime_api::{
    FunctionEnv, FunctionError, FunctionProcess, Invocation, InvokeError, Outcome, RuntimeApi, MAX_PAYLOAD_BYTES,
};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

fn echo_fn() -> PathBuf {
    lambdaform_test_support::workspace_example("lambdaform-codegen", "echo_fn")
}

fn function_env() -> FunctionEnv {
    let mut env = FunctionEnv {
        handler: "echo".to_owned(),
        function_name: "echo-fn".to_owned(),
        memory_mb: 256,
        timeout: Duration::from_secs(10),
        region: "eu-west-1".to_owned(),
        ..FunctionEnv::default()
    };
    env.environment.insert("GREETING".to_owned(), "hello".to_owned());
    env
}

async fn start(env: &FunctionEnv) -> (RuntimeApi, FunctionProcess) {
    let api = RuntimeApi::start().await.expect("start the emulator");
    let process = FunctionProcess::spawn(&echo_fn(), &api, env).await.expect("spawn echo_fn");
    (api, process)
}

fn response_json(invocation: &Invocation) -> Value {
    match &invocation.outcome {
        Outcome::Response(body) => serde_json::from_slice(body).expect("a JSON response"),
        Outcome::Error(error) => panic!("expected a response, got {error}"),
    }
}

async fn invoke(api: &RuntimeApi, env: &FunctionEnv, event: Value) -> Result<Invocation, InvokeError> {
    api.invoke(env.invoke_request(event.to_string())).await
}

#[tokio::test]
async fn success_carries_context_environment_and_report() {
    let env = function_env();
    let (api, process) = start(&env).await;
    let first = invoke(&api, &env, json!({"echo": {"a": [1, 2]}})).await.unwrap();
    let body = response_json(&first);
    assert_eq!(body["echo"], json!({"a": [1, 2]}));
    assert_eq!(body["request_id"], first.request_id.as_str());
    assert_eq!(body["function_arn"], "arn:aws:lambda:eu-west-1:000000000000:function:echo-fn");
    assert!(body["trace_id"].as_str().unwrap().starts_with("Root=1-"));
    assert_eq!(body["env"]["_HANDLER"], "echo");
    assert_eq!(body["env"]["AWS_LAMBDA_FUNCTION_NAME"], "echo-fn");
    assert_eq!(body["env"]["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"], "256");
    assert_eq!(body["env"]["AWS_REGION"], "eu-west-1");
    assert_eq!(body["env"]["AWS_LAMBDA_LOG_GROUP_NAME"], "/aws/lambda/echo-fn");
    assert_eq!(body["env"]["GREETING"], "hello");
    let task_root = echo_fn().parent().unwrap().canonicalize().unwrap();
    assert_eq!(body["env"]["LAMBDA_TASK_ROOT"], task_root.display().to_string());
    assert_eq!(body["pid"], process.pid().unwrap());

    let report = &first.report;
    assert_eq!(report.memory_size_mb, Some(256));
    assert!(report.max_memory_used_mb.unwrap() >= 1);
    assert!(report.init_duration.is_some(), "a cold start reports its init duration");
    println!("{report}");
    let second = invoke(&api, &env, json!({"echo": 2})).await.unwrap();
    assert_eq!(second.report.init_duration, None, "a warm start has no init");
    assert_ne!(second.request_id, first.request_id);
    process.kill().await;
    api.shutdown().await;
}

#[tokio::test]
async fn handler_error_has_lambda_shape() {
    let env = function_env();
    let (api, process) = start(&env).await;
    let invocation = invoke(&api, &env, json!({"fail": "no such user"})).await.unwrap();
    assert_eq!(invocation.outcome, Outcome::Error(FunctionError::new("EchoError", "no such user")));
    let serialized = match &invocation.outcome {
        Outcome::Error(error) => serde_json::to_value(error).unwrap(),
        Outcome::Response(_) => unreachable!(),
    };
    assert_eq!(serialized, json!({"errorType": "EchoError", "errorMessage": "no such user"}));
    process.kill().await;
    api.shutdown().await;
}

#[tokio::test]
async fn timeout_kills_and_restarts_the_process() {
    let env = function_env();
    let (api, process) = start(&env).await;
    let warm = invoke(&api, &env, json!({"echo": 1})).await.unwrap();
    let old_pid = response_json(&warm)["pid"].as_u64().unwrap();

    let request = env.invoke_request(json!({"sleep_ms": 30_000}).to_string()).with_timeout(Duration::from_millis(500));
    let started = Instant::now();
    let error = api.invoke(request).await.unwrap_err();
    assert_eq!(error, InvokeError::Timeout(Duration::from_millis(500)));
    assert_eq!(error.to_string(), "Task timed out after 0.50 seconds");
    println!("timeout reported after {:.1} ms", started.elapsed().as_secs_f64() * 1000.0);

    let after = invoke(&api, &env, json!({"echo": 2})).await.unwrap();
    let new_pid = response_json(&after)["pid"].as_u64().unwrap();
    assert_ne!(new_pid, old_pid, "a fresh process serves the next invocation");
    assert!(after.report.init_duration.is_some(), "the restart is a cold start");
    process.kill().await;
    api.shutdown().await;
}

#[tokio::test]
async fn payload_too_large_both_ways() {
    let env = function_env();
    let (api, process) = start(&env).await;
    let oversized = vec![b' '; MAX_PAYLOAD_BYTES + 1];
    let error = api.invoke(env.invoke_request(oversized)).await.unwrap_err();
    assert!(matches!(error, InvokeError::PayloadTooLarge { .. }), "{error}");

    let invocation = invoke(&api, &env, json!({"big": MAX_PAYLOAD_BYTES})).await.unwrap();
    match &invocation.outcome {
        Outcome::Error(error) => assert_eq!(error.error_type, "Function.ResponseSizeTooLarge"),
        Outcome::Response(body) => panic!("a {} byte response was accepted", body.len()),
    }
    let after = invoke(&api, &env, json!({"echo": "still serving"})).await.unwrap();
    assert_eq!(response_json(&after)["echo"], "still serving");
    process.kill().await;
    api.shutdown().await;
}

#[tokio::test]
async fn hundred_sequential_invocations() {
    let env = function_env();
    let (api, process) = start(&env).await;
    // The first invocation includes init; measure warm ones.
    invoke(&api, &env, json!({"echo": 0})).await.unwrap();
    let started = Instant::now();
    let mut total_duration = Duration::ZERO;
    for n in 1..=100 {
        let invocation = invoke(&api, &env, json!({"echo": n})).await.unwrap();
        assert_eq!(response_json(&invocation)["echo"], n);
        total_duration += invocation.duration;
    }
    let elapsed = started.elapsed();
    println!(
        "100 sequential invocations: {:.1} ms total, {:.0} invocations/s, mean round trip {:.3} ms, mean in-function duration {:.3} ms",
        elapsed.as_secs_f64() * 1000.0,
        100.0 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 10.0,
        total_duration.as_secs_f64() * 10.0,
    );
    process.kill().await;
    api.shutdown().await;
}

#[tokio::test]
async fn client_context_reaches_the_handler() {
    let env = function_env();
    let (api, process) = start(&env).await;
    let context = json!({
        "client": {"installationId": "i-1", "appTitle": "Photos", "appVersionName": "1.0", "appVersionCode": "1", "appPackageName": "com.example"},
        "custom": {"tenant": "acme"},
        "environment": {"platform": "ios"}
    });
    let request = env.invoke_request(json!({"echo": null}).to_string()).with_client_context(context.to_string());
    let invocation = api.invoke(request).await.unwrap();
    assert_eq!(response_json(&invocation)["client_context"], context);
    let without = invoke(&api, &env, json!({"echo": null})).await.unwrap();
    assert_eq!(response_json(&without)["client_context"], Value::Null);
    process.kill().await;
    api.shutdown().await;
}

#[tokio::test]
async fn deadline_header_matches_the_timeout() {
    let env = function_env();
    let (api, process) = start(&env).await;
    let timeout = Duration::from_secs(7);
    let before = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis();
    let request = env.invoke_request(json!({"echo": 1}).to_string()).with_timeout(timeout);
    let invocation = api.invoke(request).await.unwrap();
    let after = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis();
    let deadline = u128::from(response_json(&invocation)["deadline_ms"].as_u64().unwrap());
    assert!(
        deadline >= before + 7_000 && deadline <= after + 7_000,
        "deadline {deadline} not in [{before}+7s, {after}+7s]"
    );
    process.kill().await;
    api.shutdown().await;
}

#[tokio::test]
async fn exit_mid_invocation_is_reported_and_the_process_respawns() {
    let env = function_env();
    let (api, process) = start(&env).await;
    let error = invoke(&api, &env, json!({"exit": 7})).await.unwrap_err();
    assert_eq!(error, InvokeError::ProcessExited("exit status: 7".to_owned()));
    assert_eq!(error.to_string(), "Runtime exited with error: exit status: 7");
    let after = invoke(&api, &env, json!({"echo": "back"})).await.unwrap();
    assert_eq!(response_json(&after)["echo"], "back");
    process.kill().await;
    api.shutdown().await;
}

#[tokio::test]
async fn crash_before_next_is_an_init_error() {
    let mut env = function_env();
    env.environment.insert("ECHO_FN_INIT".to_owned(), "exit".to_owned());
    let (api, process) = start(&env).await;
    let error = invoke(&api, &env, json!({})).await.unwrap_err();
    assert_eq!(
        error,
        InvokeError::InitError(FunctionError::new("Runtime.ExitError", "Runtime exited with error: exit status: 3"))
    );
    process.kill().await;
    api.shutdown().await;
}

#[tokio::test]
async fn posted_init_error_reaches_the_caller() {
    let mut env = function_env();
    env.environment.insert("ECHO_FN_INIT".to_owned(), "error".to_owned());
    let (api, process) = start(&env).await;
    let error = invoke(&api, &env, json!({})).await.unwrap_err();
    assert_eq!(error, InvokeError::InitError(FunctionError::new("EchoInitError", "configuration missing")));
    // Each invocation retries init in a fresh process, as Lambda does.
    let again = invoke(&api, &env, json!({})).await.unwrap_err();
    assert!(matches!(again, InvokeError::InitError(_)), "{again}");
    process.kill().await;
    api.shutdown().await;
}

#[tokio::test]
async fn a_missing_binary_fails_to_spawn() {
    let api = RuntimeApi::start().await.unwrap();
    let missing = std::env::temp_dir().join("lambdaform-no-such-bootstrap");
    let error = FunctionProcess::spawn(&missing, &api, &function_env()).await.err().expect("spawn fails");
    assert!(error.to_string().contains("lambdaform-no-such-bootstrap"), "{error}");
    api.shutdown().await;
}

#[tokio::test]
async fn concurrent_callers_share_the_one_slot() {
    let env = function_env();
    let (api, process) = start(&env).await;
    let api = std::sync::Arc::new(api);
    let callers: Vec<_> = (0..8)
        .map(|n| {
            let api = api.clone();
            let request = env.invoke_request(json!({"echo": n, "sleep_ms": 20}).to_string());
            tokio::spawn(async move { api.invoke(request).await })
        })
        .collect();
    let mut spans = Vec::new();
    for (n, caller) in callers.into_iter().enumerate() {
        let body = response_json(&caller.await.unwrap().unwrap());
        assert_eq!(body["echo"], n);
        spans.push((body["started_us"].as_u64().unwrap(), body["finished_us"].as_u64().unwrap()));
    }
    // One sandbox runs one invocation at a time: no two handler runs overlap.
    spans.sort_unstable();
    for pair in spans.windows(2) {
        assert!(pair[0].1 <= pair[1].0, "overlapping handler runs {pair:?}");
    }
    process.kill().await;
}

#[tokio::test]
async fn init_that_never_asks_for_an_event_times_out() {
    let mut env = function_env();
    env.environment.insert("ECHO_FN_INIT".to_owned(), "hang".to_owned());
    let (api, process) = start(&env).await;
    let error = invoke(&api, &env, json!({})).await.unwrap_err();
    match error {
        InvokeError::InitError(error) => {
            assert_eq!(error.error_type, "Sandbox.Timedout");
            assert_eq!(error.error_message, "Task timed out after 10.00 seconds during init");
        }
        other => panic!("expected an init timeout, got {other}"),
    }
    process.kill().await;
}

#[tokio::test]
async fn a_binary_gone_at_restart_is_an_invalid_entrypoint_until_it_returns() {
    let directory = std::env::temp_dir().join(format!("lambdaform-rt-{}", std::process::id()));
    std::fs::create_dir_all(&directory).unwrap();
    let bootstrap = directory.join("bootstrap");
    std::fs::copy(echo_fn(), &bootstrap).unwrap();
    let env = function_env();
    let api = RuntimeApi::start().await.unwrap();
    let process = FunctionProcess::spawn(&bootstrap, &api, &env).await.unwrap();
    invoke(&api, &env, json!({"echo": 1})).await.unwrap();

    std::fs::remove_file(&bootstrap).unwrap();
    let crashed = invoke(&api, &env, json!({"exit": 1})).await.unwrap_err();
    assert_eq!(crashed, InvokeError::ProcessExited("exit status: 1".to_owned()));
    match invoke(&api, &env, json!({"echo": 2})).await.unwrap_err() {
        InvokeError::InitError(error) => assert_eq!(error.error_type, "Runtime.InvalidEntrypoint"),
        other => panic!("expected Runtime.InvalidEntrypoint, got {other}"),
    }

    std::fs::copy(echo_fn(), &bootstrap).unwrap();
    let back = invoke(&api, &env, json!({"echo": 3})).await.unwrap();
    assert_eq!(response_json(&back)["echo"], 3);
    process.kill().await;
    std::fs::remove_dir_all(&directory).unwrap();
}

#[tokio::test]
async fn a_new_process_can_replace_a_killed_one() {
    let env = function_env();
    let (api, first) = start(&env).await;
    let before = invoke(&api, &env, json!({"echo": 1})).await.unwrap();
    let second_spawn = FunctionProcess::spawn(&echo_fn(), &api, &env).await;
    let refused = second_spawn.err().expect("one process per sandbox");
    assert_eq!(refused.kind(), std::io::ErrorKind::AlreadyExists);

    // What `lambdaform local` does after a rebuild.
    first.kill().await;
    let second = FunctionProcess::spawn(&echo_fn(), &api, &env).await.expect("spawn after kill");
    let after = invoke(&api, &env, json!({"echo": 2})).await.unwrap();
    assert_ne!(response_json(&after)["pid"], response_json(&before)["pid"]);
    assert_eq!(second.pid(), response_json(&after)["pid"].as_u64().and_then(|pid| u32::try_from(pid).ok()));
    second.kill().await;
    api.shutdown().await;
}
