include!("../../shared/order_service.rs");

#[state_machine]
async fn order(input: Order) -> Result<u32, OrderError> {
    let double = |x: u32| x * 2;
    Ok(input.amount)
}

fn main() {}
