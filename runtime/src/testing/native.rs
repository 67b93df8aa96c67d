//! A workflow's plain Rust body with the test's world around it: its table, topic, queue and event calls go to
//! the same in-memory [`Services`] the ASL run uses, waits take no time, and callback tokens are answered by
//! the test (or its `callback_answer`).

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use lambdaform_asl::exec::{CallbackError, ObjectStore};
use serde_json::Value;
use tokio::sync::oneshot;

use super::services::{IntegrationError, Services};
use crate::workflow::no_such_key;
use crate::workflow::{AnyMock, BoxFuture, DynamoDbAction, Failure, Integrations, S3Object};

/// How the test answers a callback task: the output, or an error name and cause.
pub type CallbackAnswer = Result<Value, (String, String)>;
pub type Answerer = Arc<dyn Fn() -> CallbackAnswer + Send + Sync>;

/// [`Failure`] names are `&'static str`; names a test makes up at run time are kept once each.
pub fn intern(name: &str) -> &'static str {
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut names = NAMES.get_or_init(Mutex::default).lock().unwrap_or_else(|e| e.into_inner());
    match names.get(name) {
        Some(kept) => kept,
        None => {
            let kept: &'static str = Box::leak(name.to_string().into_boxed_str());
            names.insert(kept);
            kept
        }
    }
}

fn to_failure(answer: CallbackAnswer) -> Result<Value, Failure> {
    answer.map_err(|(error, cause)| Failure { error: intern(&error), cause })
}

/// Callback tokens of a native run.
#[derive(Default)]
pub struct NativeTokens {
    state: Mutex<TokenState>,
    answerer: Option<Answerer>,
}

#[derive(Default)]
struct TokenState {
    waiting: HashMap<String, oneshot::Sender<CallbackAnswer>>,
    /// Answers that came before the wait (a step may complete its own token before returning).
    early: HashMap<String, CallbackAnswer>,
}

impl NativeTokens {
    pub fn new(answerer: Option<Answerer>) -> Self {
        NativeTokens { state: Mutex::default(), answerer }
    }

    fn lock(&self) -> MutexGuard<'_, TokenState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn pending(&self) -> Vec<String> {
        let mut tokens: Vec<String> = self.lock().waiting.keys().cloned().collect();
        tokens.sort();
        tokens
    }

    pub fn complete(&self, token: &str, answer: CallbackAnswer) -> Result<(), CallbackError> {
        let mut state = self.lock();
        let tx = state.waiting.remove(token).ok_or_else(|| CallbackError::UnknownToken(token.to_string()))?;
        tx.send(answer).map_err(|_| CallbackError::UnknownToken(token.to_string()))
    }

    fn wait(&self, token: String) -> BoxFuture<'static, Result<Value, Failure>> {
        if let Some(answer) = &self.answerer {
            let answer = answer();
            return Box::pin(async move { to_failure(answer) });
        }
        let mut state = self.lock();
        if let Some(answer) = state.early.remove(&token) {
            return Box::pin(async move { to_failure(answer) });
        }
        let (tx, rx) = oneshot::channel();
        state.waiting.insert(token.clone(), tx);
        Box::pin(async move {
            let answer = rx.await.map_err(|_| Failure {
                error: "States.Timeout",
                cause: format!("nobody can answer task token `{token}` any more"),
            })?;
            to_failure(answer)
        })
    }

    fn complete_from_step(&self, token: String, answer: CallbackAnswer) {
        let mut state = self.lock();
        match state.waiting.remove(&token) {
            Some(tx) => {
                let _ = tx.send(answer);
            }
            None => {
                state.early.insert(token, answer);
            }
        }
    }
}

/// The [`Integrations`] of a native run inside a test.
pub struct TestIntegrations {
    pub services: Services,
    pub tokens: Arc<NativeTokens>,
    /// The test's step mocks, by Lambda name.
    pub mocks: HashMap<String, AnyMock>,
    slept: Mutex<Duration>,
}

impl TestIntegrations {
    pub fn new(services: Services, tokens: Arc<NativeTokens>, mocks: HashMap<String, AnyMock>) -> Self {
        TestIntegrations { services, tokens, mocks, slept: Mutex::default() }
    }

    /// The virtual time the body waited in all.
    pub fn slept(&self) -> Duration {
        *self.slept.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn failure(e: IntegrationError) -> Failure {
    Failure { error: e.error, cause: e.cause }
}

fn ready<T: Send + 'static>(value: T) -> BoxFuture<'static, T> {
    Box::pin(async move { value })
}

impl Integrations for TestIntegrations {
    fn sleep(&self, duration: Duration) -> BoxFuture<'_, ()> {
        *self.slept.lock().unwrap_or_else(|e| e.into_inner()) += duration;
        ready(())
    }

    fn sleep_until(&self, timestamp: String) -> BoxFuture<'_, Result<(), Failure>> {
        let parsed = chrono::DateTime::parse_from_rfc3339(&timestamp).map(drop).map_err(|e| Failure {
            error: "States.Runtime",
            cause: format!("`{timestamp}` is not an RFC 3339 timestamp: {e}"),
        });
        ready(parsed)
    }

    fn dynamodb(&self, action: DynamoDbAction, table: &str, request: Value) -> BoxFuture<'_, Result<Value, Failure>> {
        ready(self.services.dynamodb_plain(action, table, &request).map_err(failure))
    }

    fn publish(&self, topic: &str, message: Value) -> BoxFuture<'_, Result<(), Failure>> {
        ready(self.services.publish_plain(topic, &message).map(drop).map_err(failure))
    }

    fn send(&self, queue: &str, message: Value) -> BoxFuture<'_, Result<(), Failure>> {
        ready(self.services.send_plain(queue, message).map(drop).map_err(failure))
    }

    fn put_events(&self, entries: Value) -> BoxFuture<'_, Result<(), Failure>> {
        let payload = serde_json::json!({ "Entries": entries });
        ready(
            self.services
                .call("arn:aws:states:::events:putEvents", &payload)
                .map(|r| r.map(drop).map_err(failure))
                .unwrap_or(Ok(())),
        )
    }

    fn start_execution(&self, machine: &str, input: Value) -> BoxFuture<'_, Result<(), Failure>> {
        self.services.record_start(machine, input);
        ready(Ok(()))
    }

    fn get_object(&self, bucket: &str, key: &str) -> BoxFuture<'_, Result<Vec<u8>, Failure>> {
        ready(self.services.object(bucket, key).ok_or_else(|| no_such_key(bucket, key)))
    }

    fn list_objects(&self, bucket: &str, prefix: &str) -> BoxFuture<'_, Result<Vec<S3Object>, Failure>> {
        let listed = self.services.object_store().list_objects(bucket, prefix);
        Box::pin(async move {
            let listed =
                listed.await.map_err(|e| Failure { error: "States.ItemReaderFailed", cause: e.to_string() })?;
            Ok(listed.into_iter().map(|o| S3Object { key: o.key, size: o.size }).collect())
        })
    }

    fn wait_for_token(&self, token: String) -> BoxFuture<'_, Result<Value, Failure>> {
        self.tokens.wait(token)
    }

    fn complete_token(&self, token: String, result: Result<Value, Failure>) -> BoxFuture<'_, Result<(), Failure>> {
        self.tokens.complete_from_step(token, result.map_err(|f| (f.error.to_string(), f.cause)));
        ready(Ok(()))
    }

    fn step_mock(&self, step: &str) -> Option<AnyMock> {
        self.mocks.get(step).cloned()
    }
}
