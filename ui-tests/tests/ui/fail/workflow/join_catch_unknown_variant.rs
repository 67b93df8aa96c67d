include!("../../shared/order_service.rs");

#[function]
async fn reserve(order: Order) -> Result<Order, OrderError> {
    Ok(order)
}

// A branch's error is caught by its variant, which must exist on the enum named.
#[state_machine]
async fn order(input: Order) -> Result<u32, OrderError> {
    match join!(validate(input.clone()), reserve(input.clone())).await {
        Ok((a, b)) => Ok(a.amount + b.amount),
        Err(OrderError::Timeout) => Ok(0),
        Err(_) => Ok(1),
    }
}

fn main() {}
