include!("../../shared/order_service.rs");

// 9,000 retries of one task can write more than the 25,000 events an execution may have.
#[state_machine]
async fn order(input: Order) -> Result<Order, OrderError> {
    #[retry(attempts = 9000)]
    let checked = validate(input).await?;
    Ok(checked)
}

fn main() {}
