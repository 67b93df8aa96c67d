//! Compile-time checks the macros emit on the user's own tokens. Each failing bound reads as our message and
//! points at the parameter, return type or resource the user wrote.

use aws_lambda_events::{dynamodb, eventbridge, s3, sns, sqs};
use std::any::type_name;

use lambda_runtime::Diagnostic;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::value::RawValue;

/// Marker types, one per trigger attribute.
pub mod triggers {
    pub struct S3;
    pub struct Schedule;
    pub struct Sns;
    pub struct Sqs;
    pub struct DynamodbStream;
    pub struct EventBridge;
    pub struct Alarm;
}

#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot receive the events of this trigger",
    label = "the handler's first parameter does not match its trigger",
    note = "#[s3] takes `S3Event`; #[sqs] takes `SqsEvent` or `SqsEventObj<T>`; #[sns] and #[alarm] take `SnsEvent` or `SnsEventObj<T>`; #[schedule] takes `ScheduledEvent` (or your type with `input = ...`); #[dynamodb_stream] takes `DynamoDbEvent`; #[event_bridge] takes `EventBridgeEvent<T>`",
    note = "`serde_json::Value` accepts any event"
)]
pub trait TriggerInput<T> {}

impl TriggerInput<triggers::S3> for s3::S3Event {}
impl TriggerInput<triggers::Sqs> for sqs::SqsEvent {}
impl<M: Serialize> TriggerInput<triggers::Sqs> for sqs::SqsEventObj<M> {}
impl TriggerInput<triggers::Sns> for sns::SnsEvent {}
impl<M: Serialize> TriggerInput<triggers::Sns> for sns::SnsEventObj<M> {}
impl TriggerInput<triggers::Alarm> for sns::SnsEvent {}
impl<M: Serialize> TriggerInput<triggers::Alarm> for sns::SnsEventObj<M> {}
impl<D: Serialize + DeserializeOwned> TriggerInput<triggers::Schedule> for eventbridge::EventBridgeEvent<D> {}
impl<D: Serialize + DeserializeOwned> TriggerInput<triggers::EventBridge> for eventbridge::EventBridgeEvent<D> {}
impl TriggerInput<triggers::DynamodbStream> for dynamodb::Event {}
impl<T> TriggerInput<T> for serde_json::Value {}

pub const fn check_trigger<T, I: TriggerInput<T>>() {}

#[diagnostic::on_unimplemented(
    message = "a #[function]'s event type `{Self}` must implement `serde::Deserialize`",
    label = "add `#[derive(serde::Deserialize)]` to this type"
)]
pub trait FunctionInput: Sized {
    fn from_event(json: &str) -> serde_json::Result<Self>;
}
impl<T: DeserializeOwned> FunctionInput for T {
    fn from_event(json: &str) -> serde_json::Result<Self> {
        serde_json::from_str(json)
    }
}

/// Lambda's answer to an event that does not deserialize into the handler's parameter.
pub(crate) fn unmarshal_error(type_name: &str, error: serde_json::Error) -> Diagnostic {
    Diagnostic {
        error_type: "Runtime.UnmarshalError".into(),
        error_message: format!("the event is not a `{type_name}`: {error}"),
    }
}

/// Deserializes the event into the handler's parameter type. The macro spans this call on the parameter, so a
/// type that is not `Deserialize` fails here, once, in our words (see [`http_input`]).
pub fn event_input<E: FunctionInput>(event: RawEvent) -> Result<E, Diagnostic> {
    E::from_event(event.0.get()).map_err(|e| unmarshal_error(type_name::<E>(), e))
}

/// The event as Lambda delivered it, before it becomes the handler's parameter. Opaque, so it never shows in
/// the user's diagnostics as one more `Deserialize` type.
pub struct RawEvent(pub(crate) Box<RawValue>);

#[diagnostic::on_unimplemented(
    message = "an #[http] handler takes `lambdaform::http::Request`, not `{Self}`",
    label = "use `Request` here and read the body with `RequestPayloadExt::payload`"
)]
pub trait HttpInput {
    fn from_request(request: lambda_http::Request) -> Self;
}
impl HttpInput for lambda_http::Request {
    fn from_request(request: lambda_http::Request) -> Self {
        request
    }
}

/// Hands the glue's request to the handler. The check and the conversion are one call: a wrong parameter type
/// fails this bound alone, where a separate check would leave the glue's call to the handler failing too.
pub fn http_input<I: HttpInput>(request: lambda_http::Request) -> I {
    I::from_request(request)
}

#[diagnostic::on_unimplemented(
    message = "the second parameter of a #[function] is the Lambda context, not `{Self}`",
    label = "use `lambdaform::Context` here, or remove the parameter"
)]
pub trait IsContext {
    fn from_context(context: lambda_runtime::Context) -> Self;
}
impl IsContext for lambda_runtime::Context {
    fn from_context(context: lambda_runtime::Context) -> Self {
        context
    }
}

/// Hands the glue's context to the handler, checking the parameter's type in the same call (see [`http_input`]).
pub fn context<C: IsContext>(context: lambda_runtime::Context) -> C {
    C::from_context(context)
}

#[diagnostic::on_unimplemented(
    message = "a #[function] must return `Result<T, E>`, not `{Self}`",
    label = "return `Result<T, E>` with `T: Serialize` and `E: FunctionError`"
)]
pub trait HandlerOutput {
    type Ok;
    type Err;
    fn into_result(self) -> Result<Self::Ok, Self::Err>;
}

impl<T, E> HandlerOutput for Result<T, E> {
    type Ok = T;
    type Err = E;
    fn into_result(self) -> Self {
        self
    }
}

#[diagnostic::on_unimplemented(
    message = "a #[function]'s result `{Self}` must implement `serde::Serialize`",
    label = "Lambda returns it as JSON"
)]
pub trait FunctionOutput {
    fn to_json(&self) -> serde_json::Result<Box<RawValue>>;
}
impl<T: Serialize> FunctionOutput for T {
    fn to_json(&self) -> serde_json::Result<Box<RawValue>> {
        serde_json::value::to_raw_value(self)
    }
}

#[diagnostic::on_unimplemented(
    message = "a #[function]'s error `{Self}` must implement `lambdaform::FunctionError`",
    label = "derive it: `#[derive(Debug, lambdaform::FunctionError)]` (its variant names become Lambda's errorType), or return `lambdaform::Error`"
)]
pub trait HandlerError {
    fn diagnostic(self) -> Diagnostic;
}
impl<E: crate::FunctionError> HandlerError for E {
    fn diagnostic(self) -> Diagnostic {
        Diagnostic { error_type: self.error_type().into(), error_message: self.to_string() }
    }
}

#[diagnostic::on_unimplemented(
    message = "an #[http] handler's result `{Self}` must implement `IntoResponse`",
    label = "return `Response<Body>`, a `String`, or `serde_json::Value`"
)]
pub trait HttpOutput {
    fn into_http(self) -> HttpResponseFuture;
}
impl<T: lambda_http::IntoResponse> HttpOutput for T {
    fn into_http(self) -> HttpResponseFuture {
        self.into_response()
    }
}

/// What `IntoResponse` gives (lambda_http keeps its own alias private).
pub type HttpResponseFuture =
    std::pin::Pin<Box<dyn std::future::Future<Output = lambda_http::Response<lambda_http::Body>> + Send>>;

/// What the glue sends back for an event: the handler's value as JSON, or Lambda's error shape.
pub type EventReply = Result<Box<RawValue>, Diagnostic>;
/// What the glue sends back for an API Gateway request.
pub type HttpReply = Result<lambda_http::Response<lambda_http::Body>, Diagnostic>;

/// Turns the handler's result into the glue's reply. The macro spans this call on the return type, so each
/// wrong part of it (not a `Result`, a value that is not `Serialize`, an error that is not `FunctionError`)
/// fails here, once, and the glue itself carries no bound on the user's types.
pub fn event_reply<R>(output: R) -> EventReply
where
    R: HandlerOutput,
    R::Ok: FunctionOutput,
    R::Err: HandlerError,
{
    let value = output.into_result().map_err(HandlerError::diagnostic)?;
    value.to_json().map_err(serialization_error)
}

/// Lambda's answer to a reply that cannot be written as JSON.
pub(crate) fn serialization_error(error: serde_json::Error) -> Diagnostic {
    Diagnostic {
        error_type: "Runtime.SerializationError".into(),
        error_message: format!("the handler's result does not serialize to JSON: {error}"),
    }
}

/// [`event_reply`] for an #[http] handler: the value's HTTP response (to await), or Lambda's error shape.
pub fn http_reply<R>(output: R) -> Result<HttpResponseFuture, Diagnostic>
where
    R: HandlerOutput,
    R::Ok: HttpOutput,
    R::Err: HandlerError,
{
    output.into_result().map(HttpOutput::into_http).map_err(HandlerError::diagnostic)
}

pub const fn check_output<R: HandlerOutput>() {}
pub const fn check_err<E: HandlerError>() {}

/// What `#[table]`, `#[bucket]`, `#[topic]` and `#[queue]` implement on the user's type.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a lambdaform resource",
    label = "declare it with #[table], #[bucket], #[topic] or #[queue]"
)]
pub trait Resource {
    const NAME: &'static str;
    type Kind;
}

/// Resource kinds, the `Kind` of [`Resource`].
pub mod kinds {
    pub struct Table;
    pub struct Bucket;
    pub struct Topic;
    pub struct Queue;
}

#[diagnostic::on_unimplemented(message = "`{Self}` is not a #[table]", label = "declare it with `#[table(...)]`")]
pub trait Table: Resource {}
#[diagnostic::on_unimplemented(message = "`{Self}` is not a #[bucket]", label = "declare it with `#[bucket]`")]
pub trait Bucket: Resource {}
#[diagnostic::on_unimplemented(message = "`{Self}` is not a #[topic]", label = "declare it with `#[topic]`")]
pub trait Topic: Resource {}
#[diagnostic::on_unimplemented(message = "`{Self}` is not a #[queue]", label = "declare it with `#[queue(...)]`")]
pub trait Queue: Resource {}

pub const fn check_table<R: Table>() {}
pub const fn check_bucket<R: Bucket>() {}
pub const fn check_topic<R: Topic>() {}
pub const fn check_queue<R: Queue>() {}

/// Access modes of `uses(...)`.
pub mod access {
    pub struct Read;
    pub struct Write;
    pub struct ReadWrite;
    pub struct Publish;
    pub struct Send;
    pub struct Receive;
}

#[diagnostic::on_unimplemented(
    message = "this access does not apply to a resource of kind `{Self}`",
    label = "tables and buckets take read, write or read_write; topics take publish; queues take send or receive"
)]
pub trait Supports<A> {}
impl Supports<access::Read> for kinds::Table {}
impl Supports<access::Write> for kinds::Table {}
impl Supports<access::ReadWrite> for kinds::Table {}
impl Supports<access::Read> for kinds::Bucket {}
impl Supports<access::Write> for kinds::Bucket {}
impl Supports<access::ReadWrite> for kinds::Bucket {}
impl Supports<access::Publish> for kinds::Topic {}
impl Supports<access::Send> for kinds::Queue {}
impl Supports<access::Receive> for kinds::Queue {}

pub const fn check_access<R: Resource, A>()
where
    R::Kind: Supports<A>,
{
}
