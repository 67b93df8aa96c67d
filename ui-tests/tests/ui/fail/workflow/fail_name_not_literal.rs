include!("../../shared/order_service.rs");

#[state_machine]
async fn order(input: Order) -> Result<u32, OrderError> {
    if input.amount == 0 {
        return fail(input.id, "empty");
    }
    Ok(input.amount)
}

fn main() {}
