include!("../../shared/order_service.rs");

#[function]
#[http(POST, "/orders")]
async fn create(req: Request) -> Result<String, Error> {
    let _ = req;
    Ok("ok".into())
}

#[state_machine]
async fn order(input: String) -> Result<String, Error> {
    let created = create(input).await?;
    Ok(created)
}

fn main() {}
