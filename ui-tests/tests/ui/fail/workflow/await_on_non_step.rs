include!("../../shared/order_service.rs");

#[state_machine]
async fn order(input: Order) -> Result<u32, OrderError> {
    let amount = std::future::ready(input.amount).await;
    Ok(amount)
}

fn main() {}
