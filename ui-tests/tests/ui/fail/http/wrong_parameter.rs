use lambdaform::prelude::*;

#[function]
#[http(POST, "/orders")]
async fn create_order(body: String) -> Result<Response<Body>, Error> {
    Ok(Response::new(Body::from(body)))
}

fn main() {}
