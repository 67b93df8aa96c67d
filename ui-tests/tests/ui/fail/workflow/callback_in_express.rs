include!("../../shared/order_service.rs");

#[function]
async fn ask(request: Callback<Order, bool>) -> Result<(), OrderError> {
    let _ = request;
    Ok(())
}

#[state_machine(kind = express)]
async fn order(input: Order) -> Result<bool, OrderError> {
    let approved = callback(ask, input).await?;
    Ok(approved)
}

fn main() {}
