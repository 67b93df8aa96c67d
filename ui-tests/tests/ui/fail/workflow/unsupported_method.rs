include!("../../shared/order_service.rs");

#[state_machine]
async fn order(input: Order) -> Result<String, OrderError> {
    let id = input.id.trim();
    Ok(id)
}

fn main() {}
