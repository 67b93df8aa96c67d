include!("../../shared/order_service.rs");

#[state_machine]
async fn billing(input: Order) -> Result<u32, OrderError> {
    Ok(input.amount)
}

#[state_machine(kind = express)]
async fn order(input: Order) -> Result<u32, OrderError> {
    let billed = start_sync::<billing>(input).await?;
    Ok(billed)
}

fn main() {}
