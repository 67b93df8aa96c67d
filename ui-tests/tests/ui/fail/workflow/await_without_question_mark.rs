include!("../../shared/order_service.rs");

#[state_machine]
async fn order(input: Order) -> Result<Order, OrderError> {
    let checked = validate(input).await;
    checked
}

fn main() {}
