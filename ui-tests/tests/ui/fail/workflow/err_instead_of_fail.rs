include!("../../shared/order_service.rs");

#[state_machine]
async fn order(input: Order) -> Result<Order, OrderError> {
    if input.amount == 0 {
        return Err(OrderError::Invalid);
    }
    Ok(input)
}

fn main() {}
