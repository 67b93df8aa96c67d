use lambdaform::prelude::*;
use serde::{Deserialize, Serialize};

#[queue]
struct Jobs;

#[derive(Serialize, Deserialize)]
struct Job {
    id: u64,
}

#[function]
#[sqs(queue = Jobs, batch_size = 10, partial_failures)]
async fn work(event: SqsEvent) -> Result<SqsBatchResponse, Error> {
    let mut response = SqsBatchResponse::default();
    for record in event.records {
        if record.body.is_none() {
            let mut failure = BatchItemFailure::default();
            failure.item_identifier = record.message_id.unwrap_or_default();
            response.batch_item_failures.push(failure);
        }
    }
    Ok(response)
}

#[function]
#[sqs(queue = Jobs, batch_size = 10000, batch_window = "5m")]
async fn typed(event: SqsEventObj<Job>) -> Result<u64, Error> {
    Ok(event.records.iter().map(|r| r.body.id).sum())
}

#[function]
#[sqs(queue = Jobs, batch_size = 1, batch_window = 0)]
async fn raw(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
