include!("../../shared/order_service.rs");

// The retry default names a variant `OrderError` does not have.
#[function(retry(on = [Timeout], attempts = 2))]
async fn charge(order: Order) -> Result<Order, OrderError> {
    Ok(order)
}

fn main() {}
