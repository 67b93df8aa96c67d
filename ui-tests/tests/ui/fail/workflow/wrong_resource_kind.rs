include!("../../shared/order_service.rs");

#[topic]
struct Alerts;

// `put` is a DynamoDB operation; `Alerts` is a topic.
#[state_machine]
async fn order(input: Order) -> Result<u32, OrderError> {
    Alerts::put(input.clone()).await?;
    Ok(input.amount)
}

fn main() {}
