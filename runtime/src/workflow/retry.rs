//! The native side of `#[retry]`: the same policy the Task's `Retry` has, so a native run and the ASL agree on
//! which errors are retried, how often, and how long the waits are (through [`Integrations::sleep`], which a
//! test's clock answers). Jitter is not applied natively: waits stay deterministic.
//!
//! [`Integrations::sleep`]: super::Integrations::sleep

use std::future::Future;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::current;
use crate::FunctionError;

/// A `Retry` entry: `on` lists error names (empty: every error), `attempts` counts retries after the first try.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    pub on: &'static [&'static str],
    pub attempts: u32,
    pub interval: u64,
    pub backoff: f64,
    pub max_delay: Option<u64>,
}

impl RetryPolicy {
    fn applies_to(&self, error_type: &str) -> bool {
        self.on.is_empty() || self.on.contains(&error_type)
    }

    /// The wait before retry number `n` (0-based): `interval * backoff^n`, capped at `max_delay`.
    pub fn delay(&self, n: u32) -> Duration {
        let seconds = self.interval as f64 * self.backoff.powi(n as i32);
        let seconds = match self.max_delay {
            Some(max) => seconds.min(max as f64),
            None => seconds,
        };
        Duration::from_secs_f64(seconds)
    }
}

/// Calls `step` with `input`, retrying as `policy` says. Each attempt gets a fresh copy of the input, read back
/// from its JSON, as each Lambda invocation does.
pub async fn retry_step<I, O, E, F, Fut>(policy: &RetryPolicy, input: I, step: F) -> Result<O, E>
where
    I: Serialize + DeserializeOwned,
    E: FunctionError,
    F: Fn(I) -> Fut,
    Fut: Future<Output = Result<O, E>>,
{
    // JSON text, read back with `from_str` as the step's glue reads its event: that deserializer is compiled
    // already, where a `serde_json::Value` round trip compiled a second one for every step input type.
    let json = serde_json::to_string(&input).ok();
    let mut result = step(input).await;
    let mut retries = 0;
    while let Err(e) = &result {
        if retries >= policy.attempts || !policy.applies_to(e.error_type()) {
            break;
        }
        // A step input always reads back from its JSON; if one ever did not, the last error stands.
        let Some(again) = json.as_deref().and_then(|j| serde_json::from_str(j).ok()) else { break };
        current().sleep(policy.delay(retries)).await;
        retries += 1;
        result = step(again).await;
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[derive(Debug)]
    struct Flaky(&'static str);
    impl std::fmt::Display for Flaky {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }
    impl FunctionError for Flaky {
        fn error_type(&self) -> &'static str {
            self.0
        }
    }

    #[test]
    fn delays_grow_and_are_capped() {
        let p = RetryPolicy { on: &[], attempts: 5, interval: 2, backoff: 2.0, max_delay: Some(5) };
        let secs: Vec<u64> = (0..4).map(|n| p.delay(n).as_secs()).collect();
        assert_eq!(secs, [2, 4, 5, 5]);
    }

    #[tokio::test]
    async fn retries_only_the_listed_errors_up_to_attempts() {
        let calls = AtomicU32::new(0);
        let p = RetryPolicy { on: &["Timeout"], attempts: 2, interval: 1, backoff: 1.0, max_delay: None };
        let r: Result<u32, Flaky> = retry_step(&p, 7u32, |_| async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err(Flaky("Timeout"))
        })
        .await;
        assert_eq!(r.unwrap_err().0, "Timeout");
        assert_eq!(calls.load(Ordering::SeqCst), 3);
        calls.store(0, Ordering::SeqCst);
        let r: Result<u32, Flaky> = retry_step(&p, 7u32, |_| async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err(Flaky("Invalid"))
        })
        .await;
        assert!(r.is_err());
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }
}
