use lambdaform::prelude::*;

// Several routes on one handler: it reads the method and path from the request.
#[function(timeout = 29)]
#[http(GET, "/users")]
#[http(GET, "/users/{id}")]
#[http(DELETE, "/users/{id}")]
#[http(ANY, "/files/{path+}")]
async fn users(req: Request) -> Result<Response<Body>, Error> {
    let status = if req.path_parameters().first("id").is_some() { 200 } else { 404 };
    Ok(Response::builder().status(status).body(Body::Empty)?)
}

#[function]
#[http(POST, "/", api = rest, cors, auth = iam)]
async fn root(req: Request) -> Result<String, Error> {
    let _ = req;
    Ok("created".into())
}

#[function]
#[http(
    PUT,
    "/orders/{order_id}/items/{item_id}",
    api = http,
    cors(origins = ["https://example.com"], headers = ["content-type"], methods = ["PUT"], max_age = 600, credentials),
    auth = jwt(issuer = "https://idp.example.com", audience = ["orders"], scopes = ["orders:write"])
)]
async fn put_item(req: Request) -> Result<serde_json::Value, Error> {
    let _ = req;
    Ok(serde_json::json!({ "ok": true }))
}

#[function]
#[http(PATCH, "/profile", auth = none)]
#[http(HEAD, "/profile")]
#[http(OPTIONS, "/profile")]
async fn profile(req: Request, context: Context) -> Result<Response<Body>, Error> {
    let _ = (req, context);
    Ok(Response::new(Body::from("profile")))
}

fn main() {}
