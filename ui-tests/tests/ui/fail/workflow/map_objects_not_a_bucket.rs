include!("../../shared/order_service.rs");

#[table(partition_key = "id")]
struct Orders;

// Only a #[bucket] holds objects to map over.
#[state_machine]
async fn order(input: Order) -> Result<Vec<Order>, Failure> {
    let checked = Orders::map_file(input.id, validate).await?;
    Ok(checked)
}

fn main() {}
