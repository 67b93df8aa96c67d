include!("../../shared/order_service.rs");

#[state_machine]
async fn order(input: Order) -> Result<Order, OrderError> {
    #[retry(attempts = 2)]
    #[retry(attempts = 3)]
    let checked = validate(input).await?;
    Ok(checked)
}

fn main() {}
