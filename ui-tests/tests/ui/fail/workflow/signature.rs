include!("../../shared/order_service.rs");

#[state_machine]
fn not_async(input: Order) -> Result<u32, OrderError> {
    Ok(input.amount)
}

#[state_machine]
async fn two_inputs(input: Order, extra: u32) -> Result<u32, OrderError> {
    Ok(extra)
}

#[state_machine]
async fn destructured(Order { id, amount }: Order) -> Result<u32, OrderError> {
    Ok(amount)
}

fn main() {}
