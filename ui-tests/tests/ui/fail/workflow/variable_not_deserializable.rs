include!("../../shared/order_service.rs");

#[derive(Serialize)]
struct Receipt {
    id: String,
}

#[function]
async fn issue(order: Order) -> Result<Receipt, OrderError> {
    Ok(Receipt { id: order.id })
}

// The receipt is kept in the execution between states, so it must also read back from JSON.
#[state_machine]
async fn order(input: Order) -> Result<u32, OrderError> {
    let receipt = issue(input.clone()).await?;
    Ok(input.amount)
}

fn main() {}
