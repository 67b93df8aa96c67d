include!("../../shared/order_service.rs");

#[state_machine]
async fn order(input: Order) -> Result<u32, OrderError> {
    let half = input.amount / 2;
    Ok(half)
}

fn main() {}
