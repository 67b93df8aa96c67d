use lambdaform::prelude::*;

#[function]
#[http(FETCH, "/users")]
async fn fetch(req: Request) -> Result<Response<Body>, Error> {
    let _ = req;
    Ok(Response::new(Body::Empty))
}

#[function]
#[http(get, "/users")]
async fn lower_case(req: Request) -> Result<Response<Body>, Error> {
    let _ = req;
    Ok(Response::new(Body::Empty))
}

fn main() {}
