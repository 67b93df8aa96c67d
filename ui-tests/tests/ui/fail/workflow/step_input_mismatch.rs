include!("../../shared/order_service.rs");

#[function]
async fn charge(amount: u32) -> Result<u32, OrderError> {
    Ok(amount)
}

// `charge` takes the amount, not the order: rustc rejects the data flow between the steps.
#[state_machine]
async fn order(input: Order) -> Result<u32, OrderError> {
    let checked = validate(input).await?;
    let paid = charge(checked).await?;
    Ok(paid)
}

fn main() {}
