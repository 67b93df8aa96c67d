include!("../../shared/order_service.rs");

// Tolerated failures belong to a distributed Map.
#[state_machine]
async fn order(input: Vec<Order>) -> Result<Vec<Order>, Failure> {
    let checked = map(input, validate).tolerated_failures(1).await?;
    Ok(checked)
}

// A percentage is 0 to 100.
#[state_machine]
async fn order_pct(input: Vec<Order>) -> Result<Vec<Tolerated<Order>>, Failure> {
    let checked = map(input, validate).distributed().tolerated_failure_percentage(150).await?;
    Ok(checked)
}

fn main() {}
