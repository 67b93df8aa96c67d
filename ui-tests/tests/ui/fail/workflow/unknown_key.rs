include!("../../shared/order_service.rs");

#[state_machine(retries = 3, kind)]
async fn order(input: Order) -> Result<u32, OrderError> {
    Ok(input.amount)
}

fn main() {}
