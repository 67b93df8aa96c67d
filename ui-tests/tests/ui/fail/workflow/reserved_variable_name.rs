include!("../../shared/order_service.rs");

#[state_machine]
async fn order(input: Order) -> Result<String, OrderError> {
    let string = input.id.clone();
    Ok(string)
}

fn main() {}
