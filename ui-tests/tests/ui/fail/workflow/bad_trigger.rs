include!("../../shared/order_service.rs");

#[state_machine]
#[sqs(queue = Jobs)]
async fn order(input: Order) -> Result<u32, OrderError> {
    Ok(input.amount)
}

#[queue]
struct Jobs;

fn main() {}
