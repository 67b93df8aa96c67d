use lambdaform::prelude::*;

#[function]
#[http(GET, "/users", authorizer = iam, api = graphql)]
async fn list_users(req: Request) -> Result<Response<Body>, Error> {
    let _ = req;
    Ok(Response::new(Body::Empty))
}

fn main() {}
