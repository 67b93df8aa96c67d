use lambdaform::prelude::*;

#[function]
#[http("/users")]
async fn no_method(req: Request) -> Result<Response<Body>, Error> {
    let _ = req;
    Ok(Response::new(Body::Empty))
}

#[function]
#[http(GET)]
async fn no_path(req: Request) -> Result<Response<Body>, Error> {
    let _ = req;
    Ok(Response::new(Body::Empty))
}

fn main() {}
