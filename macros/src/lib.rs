//! The attribute macros of lambdaform. Each is parse → model → validate → expand; errors are collected and
//! reported together, spanned on the user's tokens, and invalid input still expands to the item as written so
//! rust-analyzer keeps working. Use them through the `lambdaform` crate.

mod args;
mod derive_error;
mod emit;
mod errors;
mod event_attr;
mod function;
mod main_macro;
mod names;
mod resource;
mod state_machine;

use proc_macro::TokenStream;

/// Declares a Lambda function: `#[function(memory = 256, timeout = 10, uses(Users: read_write))]`.
#[proc_macro_attribute]
pub fn function(attr: TokenStream, item: TokenStream) -> TokenStream {
    let source = emit::source(proc_macro::Span::call_site());
    function::expand(attr.into(), item.into(), source).into()
}

/// A Step Functions workflow written as an async fn over `#[function]`s, compiled to ASL at build time:
/// `#[state_machine(kind = standard | express, timeout = "1h", name = "...")]`. See `docs/workflows.md`.
#[proc_macro_attribute]
pub fn state_machine(attr: TokenStream, item: TokenStream) -> TokenStream {
    let source = emit::source(proc_macro::Span::call_site());
    state_machine::expand(attr.into(), item.into(), source).into()
}

macro_rules! event_attribute {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[proc_macro_attribute]
        pub fn $name(attr: TokenStream, item: TokenStream) -> TokenStream {
            event_attr::expand(stringify!($name), attr.into(), item.into()).into()
        }
    )*};
}

event_attribute! {
    /// An API Gateway route: `#[http(GET, "/users/{id}")]`, with `api = rest`, `cors`, `auth = iam | jwt(...)`.
    http,
    /// S3 object events: `#[s3(bucket = Uploads, events = [ObjectCreated], prefix = "images/")]`.
    s3,
    /// An EventBridge schedule: `#[schedule(rate = "5 minutes")]` or `#[schedule(cron = "0 12 * * ? *")]`.
    schedule,
    /// An SNS subscription: `#[sns(topic = Alerts, filter_policy = {"kind": ["signup"]})]`.
    sns,
    /// An SQS event source: `#[sqs(queue = Jobs, batch_size = 10, partial_failures)]`.
    sqs,
    /// A DynamoDB stream: `#[dynamodb_stream(table = Users, starting_position = latest)]`.
    dynamodb_stream,
    /// An EventBridge rule: `#[event_bridge(pattern = {"source": ["aws.s3"]})]`.
    event_bridge,
    /// A CloudWatch alarm that invokes the function through a topic.
    alarm,
}

macro_rules! resource_attribute {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[proc_macro_attribute]
        pub fn $name(attr: TokenStream, item: TokenStream) -> TokenStream {
            let source = emit::source(proc_macro::Span::call_site());
            resource::expand(stringify!($name), attr.into(), item.into(), source).into()
        }
    )*};
}

resource_attribute! {
    /// A DynamoDB table: `#[table(partition_key = "id", sort_key = ("created", number), stream = new_image)]`.
    table,
    /// An S3 bucket: `#[bucket]`.
    bucket,
    /// An SNS topic: `#[topic]`, `#[topic(fifo)]`.
    topic,
    /// An SQS queue: `#[queue(visibility_timeout = "2m", dlq(max_receive = 3))]`.
    queue,
}

/// The service's `main`: `lambdaform::main!();` or `lambdaform::main!(name = "photos");`.
#[proc_macro]
pub fn main(input: TokenStream) -> TokenStream {
    main_macro::expand(input.into()).into()
}

/// Reports an enum's variant name (or a struct's name) as Lambda's `errorType`.
#[proc_macro_derive(FunctionError)]
pub fn derive_function_error(input: TokenStream) -> TokenStream {
    derive_error::expand(input.into()).into()
}
