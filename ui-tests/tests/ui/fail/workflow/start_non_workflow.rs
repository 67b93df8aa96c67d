include!("../../shared/order_service.rs");

#[state_machine]
async fn order(input: Order) -> Result<u32, OrderError> {
    start::<Order>(input.clone()).await?;
    Ok(input.amount)
}

fn main() {}
