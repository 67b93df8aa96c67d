use lambdaform::prelude::*;

#[function]
#[http(GET, "/users/{id}/friends/{id}")]
async fn friend(req: Request) -> Result<Response<Body>, Error> {
    let _ = req;
    Ok(Response::new(Body::Empty))
}

fn main() {}
