include!("../../shared/order_service.rs");

#[function]
async fn reserve(order: Order) -> Result<Order, OrderError> {
    Ok(order)
}

// `#[retry]` on a join! branch is checked against that step's error, as on a statement.
#[state_machine]
async fn order(input: Order) -> Result<u32, OrderError> {
    let (a, b) = join!(#[retry(on = [Timeout])] validate(input.clone()), reserve(input.clone())).await?;
    Ok(a.amount + b.amount)
}

fn main() {}
