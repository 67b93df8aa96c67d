use std::time::Duration;

use super::{current, Failure};

/// Waits for `duration`: a `Wait` state with `Seconds` (whole seconds; AWS has no finer wait).
pub async fn sleep(duration: Duration) {
    current().sleep(duration).await
}

/// Waits until an RFC 3339 timestamp (`"2026-11-27T12:00:00Z"`): a `Wait` state with `Timestamp`. A string that
/// is not a timestamp fails the workflow with `States.Runtime`, as the state does.
pub async fn sleep_until(timestamp: impl Into<String>) -> Result<(), Failure> {
    current().sleep_until(timestamp.into()).await
}
