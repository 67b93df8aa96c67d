//! Service integrations without a Lambda, typed through the resource types: each call is one Task state on the
//! service's optimized integration, and natively one call of the current [`Integrations`](super::Integrations).

use std::future::Future;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::{current, DynamoDbAction, Failure, Workflow};
use crate::__private::{Queue, Table, Topic};
use crate::FunctionError;

fn to_json(value: impl Serialize) -> Result<Value, Failure> {
    serde_json::to_value(value).map_err(|e| Failure { error: "States.Runtime", cause: e.to_string() })
}

fn from_json<T: DeserializeOwned>(value: Value) -> Result<T, Failure> {
    serde_json::from_value(value).map_err(|e| Failure { error: "States.Runtime", cause: e.to_string() })
}

/// DynamoDB item operations on a `#[table]`: `Orders::put(order).await?`.
pub trait TableItems: Table {
    /// `dynamodb:putItem`.
    fn put(item: impl Serialize + Send) -> impl Future<Output = Result<(), Failure>> + Send {
        async move { current().dynamodb(DynamoDbAction::PutItem, Self::NAME, to_json(item)?).await.map(drop) }
    }

    /// `dynamodb:getItem` by key (`{"id": ...}`): the item, or `None` when there is none.
    fn get<T: DeserializeOwned>(key: impl Serialize + Send) -> impl Future<Output = Result<Option<T>, Failure>> + Send {
        async move { from_json(current().dynamodb(DynamoDbAction::GetItem, Self::NAME, to_json(key)?).await?) }
    }

    /// `dynamodb:updateItem`: sets the fields of `set` on the item with `key`.
    fn update(
        key: impl Serialize + Send,
        set: impl Serialize + Send,
    ) -> impl Future<Output = Result<(), Failure>> + Send {
        async move {
            let request = serde_json::json!({"key": to_json(key)?, "set": to_json(set)?});
            current().dynamodb(DynamoDbAction::UpdateItem, Self::NAME, request).await.map(drop)
        }
    }

    /// `dynamodb:deleteItem` by key.
    fn delete(key: impl Serialize + Send) -> impl Future<Output = Result<(), Failure>> + Send {
        async move { current().dynamodb(DynamoDbAction::DeleteItem, Self::NAME, to_json(key)?).await.map(drop) }
    }
}

impl<T: Table> TableItems for T {}

/// `sns:publish` on a `#[topic]`: `Alerts::publish(message).await?` (the message is sent as JSON).
pub trait TopicPublish: Topic {
    fn publish(message: impl Serialize + Send) -> impl Future<Output = Result<(), Failure>> + Send {
        async move { current().publish(Self::NAME, to_json(message)?).await }
    }
}

impl<T: Topic> TopicPublish for T {}

/// `sqs:sendMessage` on a `#[queue]`: `Jobs::send(message).await?` (the body is the message as JSON).
pub trait QueueSend: Queue {
    fn send(message: impl Serialize + Send) -> impl Future<Output = Result<(), Failure>> + Send {
        async move { current().send(Self::NAME, to_json(message)?).await }
    }
}

impl<T: Queue> QueueSend for T {}

/// `events:putEvents` with one entry on the default bus.
pub async fn put_events(source: &str, detail_type: &str, detail: impl Serialize) -> Result<(), Failure> {
    let entry = serde_json::json!([{"Source": source, "DetailType": detail_type, "Detail": to_json(detail)?}]);
    current().put_events(entry).await
}

/// `states:startExecution` of another `#[state_machine]`, without waiting: `start::<billing>(input).await?`.
pub async fn start<W: Workflow>(input: W::Input) -> Result<(), Failure>
where
    W::Input: Serialize,
{
    current().start_execution(W::NAME, to_json(input)?).await
}

/// `states:startExecution.sync:2`: runs another `#[state_machine]` to its end and returns its output. Natively it
/// runs that workflow's body; its error comes back as a [`Failure`] named by the error's `errorType`.
pub async fn start_sync<W: Workflow>(input: W::Input) -> Result<W::Output, Failure>
where
    W::Error: FunctionError,
{
    W::run_native(input).await.map_err(Failure::from_error)
}
