use lambdaform::prelude::*;

#[topic]
struct Alerts;

#[function]
async fn plain(event: serde_json::Value, context: Context) -> Result<String, Error> {
    let _ = event;
    Ok(context.request_id)
}

#[function]
#[sns(topic = Alerts)]
async fn triggered(event: SnsEvent, context: lambdaform::Context) -> Result<(), Error> {
    let _ = (event, context.deadline);
    Ok(())
}

#[function]
#[http(GET, "/whoami")]
async fn http(req: Request, context: Context) -> Result<String, Error> {
    let _ = req;
    Ok(context.invoked_function_arn)
}

fn main() {}
