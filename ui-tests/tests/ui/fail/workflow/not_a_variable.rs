include!("../../shared/order_service.rs");

const LIMIT: u32 = 10;

#[state_machine]
async fn order(input: Order) -> Result<u32, OrderError> {
    let limit = LIMIT;
    Ok(limit)
}

fn main() {}
