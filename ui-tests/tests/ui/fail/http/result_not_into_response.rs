use lambdaform::prelude::*;

struct Order;

#[function]
#[http(GET, "/orders")]
async fn list_orders(req: Request) -> Result<Order, Error> {
    let _ = req;
    Ok(Order)
}

fn main() {}
