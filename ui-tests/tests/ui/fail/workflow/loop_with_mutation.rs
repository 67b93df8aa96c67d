include!("../../shared/order_service.rs");

#[state_machine]
async fn order(input: Order) -> Result<u32, OrderError> {
    let mut total = 0;
    for _ in 0..3 {
        let checked = validate(input.clone()).await?;
        total += checked.amount;
    }
    Ok(total)
}

fn main() {}
