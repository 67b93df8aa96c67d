include!("../../shared/order_service.rs");

#[state_machine]
async fn order(input: Order) -> Result<u32, OrderError> {
    #[retry(attempts = 2)]
    let amount = input.amount + 1;
    Ok(amount)
}

fn main() {}
