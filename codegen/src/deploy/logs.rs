//! `logs`: a function's CloudWatch Logs, once or followed (`--tail`).

use std::collections::HashSet;
use std::time::Duration;

use super::aws::Aws;
use super::error::{code, sdk, DeployError};
use super::outputs::resources;
use crate::synth::names::pascal;

/// The log group of `function`, named as in the Rust code (`create_user`), by logical id (`CreateUserFunction`) or
/// by its deployed name.
pub async fn log_group(aws: &Aws, stack_name: &str, function: &str) -> Result<String, DeployError> {
    let all = resources(aws, stack_name).await?;
    let wanted = format!("{}Function", pascal(function));
    let functions: Vec<_> = all.iter().filter(|(_, _, kind)| kind == "AWS::Lambda::Function").collect();
    let Some((id, physical, _)) =
        functions.iter().find(|(id, physical, _)| *id == function || *id == wanted || *physical == function)
    else {
        let known: Vec<&str> = functions.iter().map(|(id, _, _)| id.as_str()).collect();
        return Err(DeployError::user(format!(
            "stack {stack_name} has no function `{function}`; it has: {}",
            known.join(", ")
        )));
    };
    // The template declares each function's log group (for its retention) next to it: `<Stem>LogGroup`.
    let group_id = format!("{}LogGroup", id.trim_end_matches("Function"));
    let declared = all.iter().find(|(lid, _, kind)| *lid == group_id && kind == "AWS::Logs::LogGroup");
    Ok(match declared {
        Some((_, group, _)) => group.clone(),
        None => format!("/aws/lambda/{physical}"),
    })
}

/// Prints the events since `since` (how far back); with `tail`, keeps polling until interrupted.
pub async fn print_logs(aws: &Aws, group: &str, since: Duration, tail: bool) -> Result<(), DeployError> {
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default();
    let mut start = now_ms - since.as_millis() as i64;
    let mut seen = HashSet::new();
    loop {
        let mut token = None;
        loop {
            let out = match aws
                .logs
                .filter_log_events()
                .log_group_name(group)
                .start_time(start)
                .set_next_token(token)
                .send()
                .await
            {
                Ok(out) => out,
                Err(e) if code(&e) == Some("ResourceNotFoundException") => {
                    return Err(DeployError::user(format!(
                        "log group {group} does not exist yet: the function has not run since it was deployed"
                    )))
                }
                Err(e) => return Err(sdk(&format!("reading {group}"), e)),
            };
            for event in out.events() {
                // Polling restarts at the newest timestamp seen, so events at that millisecond come twice.
                if !event.event_id().is_some_and(|id| seen.insert(id.to_string())) {
                    continue;
                }
                let ts = event.timestamp().unwrap_or_default();
                start = start.max(ts);
                let stream = event.log_stream_name().unwrap_or_default();
                println!("{} {stream} {}", format_millis(ts), event.message().unwrap_or_default().trim_end());
            }
            token = out.next_token;
            if token.is_none() {
                break;
            }
        }
        if !tail {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}

/// Milliseconds since the epoch as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
fn format_millis(ms: i64) -> String {
    aws_sdk_cloudformation::primitives::DateTime::from_millis(ms)
        .fmt(aws_sdk_cloudformation::primitives::DateTimeFormat::DateTime)
        .unwrap_or_else(|_| ms.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_read_as_utc() {
        assert_eq!(format_millis(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_millis(1_700_000_000_123), "2023-11-14T22:13:20.123Z");
    }
}
