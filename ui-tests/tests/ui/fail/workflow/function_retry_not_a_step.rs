include!("../../shared/order_service.rs");

// An #[http] handler is no step, so a retry default for workflow Tasks means nothing on it.
#[function(retry(on = [Declined]))]
#[http(GET, "/orders")]
async fn list(_req: Request) -> Result<String, Error> {
    Ok(String::new())
}

// Bad values are reported as on a statement's #[retry].
#[function(retry(attempts = 2, backoff = 0.5))]
async fn refund(order: Order) -> Result<Order, OrderError> {
    Ok(order)
}

fn main() {}
