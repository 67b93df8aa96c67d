//! Admin events: `PurgeUser` on the default event bus deletes a user at once (a data-deletion request).

use aws_sdk_dynamodb::types::AttributeValue;
use lambdaform::prelude::*;
use serde::{Deserialize, Serialize};

use crate::aws;
use crate::resources::Users;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PurgeRequest {
    pub user_id: String,
    pub reason: String,
}

#[derive(Debug, Serialize)]
pub struct PurgeResult {
    pub user_id: String,
    pub existed: bool,
}

#[derive(Debug, thiserror::Error, FunctionError)]
pub enum PurgeError {
    #[error("the users table is not configured: {0}")]
    Config(#[from] ResourceError),
    #[error("refusing to purge without a reason")]
    NoReason,
    #[error("DynamoDB refused the request: {0}")]
    Dynamo(String),
}

#[function(timeout = 10, uses(Users: write))]
#[event_bridge(pattern = {"source": ["photo-service.admin"], "detail-type": ["PurgeUser"]})]
pub async fn purge_user(event: EventBridgeEvent<PurgeRequest>) -> Result<PurgeResult, PurgeError> {
    let request = event.detail;
    if request.reason.trim().is_empty() {
        return Err(PurgeError::NoReason);
    }
    let deleted = aws::dynamodb()
        .await
        .delete_item()
        .table_name(Users::name()?)
        .key("id", AttributeValue::S(request.user_id.clone()))
        .return_values(aws_sdk_dynamodb::types::ReturnValue::AllOld)
        .send()
        .await
        .map_err(|e| PurgeError::Dynamo(e.to_string()))?;
    Ok(PurgeResult { user_id: request.user_id, existed: deleted.attributes().is_some() })
}
