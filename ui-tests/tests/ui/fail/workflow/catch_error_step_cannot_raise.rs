include!("../../shared/order_service.rs");

#[derive(Debug, FunctionError)]
enum StockError {
    OutOfStock,
}

impl std::fmt::Display for StockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

// `validate` fails with `OrderError`; it cannot raise `StockError::OutOfStock`.
#[state_machine]
async fn order(input: Order) -> Result<Order, OrderError> {
    match validate(input).await {
        Ok(o) => Ok(o),
        Err(StockError::OutOfStock) => fail("Unavailable", "no stock"),
    }
}

fn main() {}
