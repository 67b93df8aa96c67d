include!("../../shared/order_service.rs");

#[derive(Clone, Serialize)]
struct Request {
    id: String,
}

#[state_machine]
async fn order(input: Request) -> Result<u32, OrderError> {
    Ok(1)
}

fn main() {}
