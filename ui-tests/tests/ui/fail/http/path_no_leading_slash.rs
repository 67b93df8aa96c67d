use lambdaform::prelude::*;

#[function]
#[http(GET, "users/{id}")]
async fn get_user(req: Request) -> Result<Response<Body>, Error> {
    let _ = req;
    Ok(Response::new(Body::Empty))
}

fn main() {}
