include!("../../shared/order_service.rs");

// `validate`'s error has no `Timeout` variant.
#[state_machine]
async fn order(input: Order) -> Result<Order, OrderError> {
    #[retry(on = [Timeout, Declined])]
    let checked = validate(input).await?;
    Ok(checked)
}

fn main() {}
