include!("../../shared/order_service.rs");

#[state_machine(kind = fast)]
async fn order(input: Order) -> Result<u32, OrderError> {
    Ok(input.amount)
}

fn main() {}
