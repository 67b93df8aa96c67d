include!("../../shared/order_service.rs");

#[state_machine(timeout = "soon")]
async fn unparsable(input: Order) -> Result<u32, OrderError> {
    Ok(input.amount)
}

#[state_machine(kind = express, timeout = "1h")]
async fn too_long_for_express(input: Order) -> Result<u32, OrderError> {
    Ok(input.amount)
}

fn main() {}
