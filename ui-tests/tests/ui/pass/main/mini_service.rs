//! A whole service: resources, functions on every kind of trigger, and `lambdaform::main!()`.

use lambdaform::prelude::*;
use serde::{Deserialize, Serialize};

#[table(partition_key = "id", stream = new_image)]
pub struct Users;

#[bucket]
pub struct Uploads;

#[topic]
pub struct Signups;

#[queue(visibility_timeout = "1m", dlq(max_receive = 3))]
pub struct Emails;

#[derive(Debug, Serialize, Deserialize)]
pub struct Signup {
    pub id: String,
}

#[derive(Debug, FunctionError)]
pub enum ServiceError {
    NotConfigured(ResourceError),
}

impl std::fmt::Display for ServiceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServiceError::NotConfigured(e) => write!(f, "{e}"),
        }
    }
}

impl From<ResourceError> for ServiceError {
    fn from(e: ResourceError) -> Self {
        ServiceError::NotConfigured(e)
    }
}

#[function(memory = 256, timeout = 10, uses(Users: read_write))]
#[http(POST, "/users", cors)]
pub async fn create_user(req: Request, context: Context) -> Result<Response<Body>, ServiceError> {
    let _ = (req, Users::name()?);
    Ok(Response::new(Body::from(context.request_id)))
}

#[function(timeout = 30, uses(Signups: publish))]
#[dynamodb_stream(table = Users, batch_size = 25)]
pub async fn announce(event: DynamoDbEvent) -> Result<usize, ServiceError> {
    let _ = Signups::arn()?;
    Ok(event.records.len())
}

#[function(timeout = 10, uses(Emails: send))]
#[sns(topic = Signups)]
pub async fn queue_welcome(event: SnsEventObj<Signup>) -> Result<(), ServiceError> {
    let _ = (event, Emails::url()?);
    Ok(())
}

#[function(timeout = 10)]
#[sqs(queue = Emails, partial_failures)]
pub async fn send_emails(event: SqsEventObj<Signup>) -> Result<SqsBatchResponse, Error> {
    let _ = event;
    Ok(SqsBatchResponse::default())
}

#[function(memory = 1024, timeout = 60, uses(Uploads: read_write))]
#[s3(bucket = Uploads, events = [ObjectCreated], prefix = "images/")]
pub async fn thumbnail(event: S3Event) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function(timeout = "2m", uses(Users: read_write))]
#[schedule(rate = "5 minutes")]
pub async fn cleanup(event: ScheduledEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function]
#[event_bridge(pattern = {"source": ["mini.admin"]})]
pub async fn admin(event: EventBridgeEvent<Signup>) -> Result<String, Error> {
    Ok(event.detail.id)
}

#[function]
#[alarm(name = "signup-errors", metric = "Errors", threshold = 1, function = create_user)]
pub async fn page(event: SnsEventObj<CloudWatchAlarmPayload>) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

// `main!()` is the bootstrap's `main`: outside Lambda it has no `_HANDLER` and exits with an error, yet trybuild
// runs every pass case. So the service's `main` is declared in this block, type-checked and not started, and the
// run checks what it dispatches over instead.
fn main() {
    lambdaform::main!(name = "mini-service");
    let _: fn() -> std::process::ExitCode = main;

    let mut registered: Vec<&str> = lambdaform::__private::FUNCTIONS.iter().map(|f| f.name).collect();
    registered.sort_unstable();
    let expected = ["admin", "announce", "cleanup", "create_user", "page", "queue_welcome", "send_emails", "thumbnail"];
    assert_eq!(registered, expected);
    // One fragment per resource and function, plus the service's own.
    assert_eq!(lambdaform::__private::MANIFEST.len(), 4 + 8 + 1);
}
