include!("../../shared/order_service.rs");

#[derive(Debug)]
struct Oops;

#[state_machine]
async fn order(input: Order) -> Result<u32, Oops> {
    Ok(input.amount)
}

fn main() {}
