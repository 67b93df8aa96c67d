use lambdaform::prelude::*;

struct Order {
    id: String,
}

#[function]
async fn place_order(order: Order) -> Result<(), Error> {
    let _ = order.id;
    Ok(())
}

fn main() {}
