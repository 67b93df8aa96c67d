include!("../../shared/order_service.rs");

#[state_machine]
async fn order(input: Order) -> Result<u32, OrderError> {
    match input.amount {
        n if n > 100 => Ok(1),
        _ => Ok(2),
    }
}

fn main() {}
