include!("../../shared/order_service.rs");

#[state_machine]
async fn order(input: Order) -> Result<Order, OrderError> {
    #[retry(on = [], attempts = many, interval = "0s", backoff = 0.5, max_delay = "2 weeks", jitter = true, tries = 3)]
    let checked = validate(input).await?;
    Ok(checked)
}

fn main() {}
