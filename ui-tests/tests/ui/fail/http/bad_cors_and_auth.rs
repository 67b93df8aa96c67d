use lambdaform::prelude::*;

#[function]
#[http(GET, "/users", cors(credentials))]
async fn credentials_any_origin(req: Request) -> Result<Response<Body>, Error> {
    let _ = req;
    Ok(Response::new(Body::Empty))
}

#[function]
#[http(GET, "/me", auth = jwt(issuer = "http://idp.example.com", audience = ["app"]))]
async fn insecure_issuer(req: Request) -> Result<Response<Body>, Error> {
    let _ = req;
    Ok(Response::new(Body::Empty))
}

#[function]
#[http(GET, "/admin", auth = cognito)]
async fn unknown_auth(req: Request) -> Result<Response<Body>, Error> {
    let _ = req;
    Ok(Response::new(Body::Empty))
}

fn main() {}
