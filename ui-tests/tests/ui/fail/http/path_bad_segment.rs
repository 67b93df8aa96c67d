use lambdaform::prelude::*;

#[function]
#[http(GET, "/users//{id}")]
async fn empty_segment(req: Request) -> Result<Response<Body>, Error> {
    let _ = req;
    Ok(Response::new(Body::Empty))
}

#[function]
#[http(GET, "/users/{user id}")]
async fn bad_param_name(req: Request) -> Result<Response<Body>, Error> {
    let _ = req;
    Ok(Response::new(Body::Empty))
}

fn main() {}
