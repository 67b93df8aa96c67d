use lambdaform::prelude::*;

#[function(timeout = 30)]
#[http(GET, "/report")]
async fn report(req: Request) -> Result<Response<Body>, Error> {
    let _ = req;
    Ok(Response::new(Body::Empty))
}

#[function(timeout = "1m")]
#[http(GET, "/slow")]
async fn slow(req: Request) -> Result<Response<Body>, Error> {
    let _ = req;
    Ok(Response::new(Body::Empty))
}

fn main() {}
