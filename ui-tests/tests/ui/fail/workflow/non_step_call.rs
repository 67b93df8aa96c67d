include!("../../shared/order_service.rs");

async fn helper(order: Order) -> Result<Order, OrderError> {
    Ok(order)
}

// `helper` is plain Rust, not a `#[function]`: a workflow cannot invoke it.
#[state_machine]
async fn order(input: Order) -> Result<Order, OrderError> {
    let checked = helper(input).await?;
    Ok(checked)
}

fn main() {}
