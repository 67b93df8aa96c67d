use lambdaform::prelude::*;

#[function]
#[http(POST, "/jobs")]
#[schedule(rate = "1 hour")]
async fn run_jobs(req: Request) -> Result<Response<Body>, Error> {
    let _ = req;
    Ok(Response::new(Body::Empty))
}

fn main() {}
