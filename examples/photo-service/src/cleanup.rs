//! Every five minutes, purge signups that stayed pending for over a day.

use aws_sdk_dynamodb::types::AttributeValue;
use lambdaform::prelude::*;
use serde::Serialize;

use crate::aws;
use crate::resources::Users;
use crate::users::{from_item, Status, User};

pub const PENDING_TTL_S: u64 = 24 * 3600;

pub fn is_stale(user: &User, now: u64) -> bool {
    user.status == Status::Pending && now.saturating_sub(user.created_at) > PENDING_TTL_S
}

#[derive(Debug, thiserror::Error, FunctionError)]
pub enum CleanupError {
    #[error("the users table is not configured: {0}")]
    Config(#[from] ResourceError),
    #[error("DynamoDB refused the request: {0}")]
    Dynamo(String),
    #[error(transparent)]
    Storage(#[from] crate::users::StorageError),
}

#[derive(Debug, Serialize)]
pub struct Purged {
    pub purged: Vec<String>,
}

#[function(timeout = 120, uses(Users: read_write))]
#[schedule(rate = "5 minutes")]
pub async fn cleanup(event: ScheduledEvent) -> Result<Purged, CleanupError> {
    // The schedule's own tick time, so a delayed delivery still judges ages as of the tick.
    let now = match event.time {
        Some(time) => time.timestamp().max(0) as u64,
        None => {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default()
        }
    };
    let table = Users::name()?;
    let db = aws::dynamodb().await;
    let dynamo = |e: &dyn std::fmt::Display| CleanupError::Dynamo(e.to_string());
    let mut purged = Vec::new();
    let mut start = None;
    loop {
        let page = db
            .scan()
            .table_name(&table)
            .filter_expression("#s = :pending")
            .expression_attribute_names("#s", "status")
            .expression_attribute_values(":pending", AttributeValue::S("pending".into()))
            .set_exclusive_start_key(start)
            .send()
            .await
            .map_err(|e| dynamo(&e))?;
        for item in page.items() {
            let user = from_item(item)?;
            if is_stale(&user, now) {
                db.delete_item()
                    .table_name(&table)
                    .key("id", AttributeValue::S(user.id.clone()))
                    .send()
                    .await
                    .map_err(|e| dynamo(&e))?;
                purged.push(user.id);
            }
        }
        start = page.last_evaluated_key().cloned();
        if start.is_none() {
            break;
        }
    }
    purged.sort();
    Ok(Purged { purged })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_old_pending_users_are_stale() {
        let user =
            |status, created_at| User { id: "u".into(), name: "n".into(), email: "e@x.y".into(), status, created_at };
        let now = 10 * PENDING_TTL_S;
        assert!(is_stale(&user(Status::Pending, now - PENDING_TTL_S - 1), now));
        assert!(!is_stale(&user(Status::Pending, now - PENDING_TTL_S), now));
        assert!(!is_stale(&user(Status::Active, 0), now));
        assert!(!is_stale(&user(Status::Pending, now + 5), now));
    }
}
