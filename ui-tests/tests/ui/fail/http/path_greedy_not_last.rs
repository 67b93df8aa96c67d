use lambdaform::prelude::*;

#[function]
#[http(GET, "/files/{path+}/meta")]
async fn file_meta(req: Request) -> Result<Response<Body>, Error> {
    let _ = req;
    Ok(Response::new(Body::Empty))
}

fn main() {}
