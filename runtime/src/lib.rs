//! # lambdaform
//!
//! Declare a whole AWS serverless service on ordinary async Rust functions. The trigger, the limits and the
//! permissions sit on the function they describe; `cargo build` checks them; the `lambdaform` command turns
//! the result into CloudFormation, SAM and serverless.yml, runs it locally and deploys it.
//!
//! ```ignore
//! use lambdaform::prelude::*;
//!
//! #[table(partition_key = "id")]
//! pub struct Users;
//!
//! #[function(memory = 256, timeout = 10, uses(Users: read_write))]
//! #[http(POST, "/users")]
//! async fn create_user(req: Request) -> Result<Response<Body>, Error> {
//!     Ok(Response::builder().status(201).body(Body::Empty)?)
//! }
//!
//! lambdaform::main!();
//! ```

mod dispatch;
mod error;
mod glue;
mod resource;
// The in-process mode talks to `lambdaform local` over a Unix socket.
#[cfg(unix)]
mod serve_all;
#[cfg(feature = "testing")]
pub mod testing;
mod trigger;
pub mod workflow;

pub use error::FunctionError;
pub use lambda_runtime::{Context, Error};
pub use lambdaform_macros::{
    alarm, bucket, dynamodb_stream, event_bridge, function, http, main, queue, s3, schedule, sns, sqs, state_machine,
    table, topic, FunctionError,
};
pub use resource::ResourceError;

/// The event types handlers receive, from `aws_lambda_events`.
pub mod events {
    pub use aws_lambda_events::dynamodb::Event as DynamoDbEvent;
    pub use aws_lambda_events::eventbridge::EventBridgeEvent;
    pub use aws_lambda_events::s3::S3Event;
    pub use aws_lambda_events::sns::{CloudWatchAlarmPayload, SnsEvent, SnsEventObj};
    pub use aws_lambda_events::sqs::{BatchItemFailure, SqsBatchResponse, SqsEvent, SqsEventObj};

    /// What an EventBridge schedule without `input` delivers.
    pub type ScheduledEvent = EventBridgeEvent<serde_json::Value>;
}

/// HTTP handlers' types, from `lambda_http`.
pub mod http {
    pub use lambda_http::{Body, IntoResponse, Request, RequestExt, RequestPayloadExt, Response};
}

/// Everything a service module needs: `use lambdaform::prelude::*;`.
pub mod prelude {
    pub use crate::events::*;
    pub use crate::http::{Body, IntoResponse, Request, RequestExt, RequestPayloadExt, Response};
    pub use crate::workflow::{
        callback, fail, map, put_events, sleep, sleep_until, start, start_sync, BucketItems, Callback, Failure,
        QueueSend, S3Object, TableItems, TaskToken, Tolerated, TopicPublish,
    };
    pub use crate::{
        alarm, bucket, dynamodb_stream, event_bridge, function, http, queue, s3, schedule, sns, sqs, state_machine,
        table, topic,
    };
    pub use crate::{join, Context, Error, FunctionError, ResourceError};
}

/// Support for the code the macros generate. Not a public API: it changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use crate::dispatch::{
        function_names, init_tracing, invoke, start, FunctionEntry, Invoked, FUNCTIONS, MANIFEST, SERVE_ALL_ENV,
    };
    pub use crate::glue::{invoke_event, invoke_http};
    pub use crate::resource::resource_attribute;
    #[cfg(unix)]
    pub use crate::serve_all::{framing, serve};
    pub use crate::trigger::*;
    pub use crate::workflow::concat::{fragment, fragment_len};
    pub use crate::workflow::{
        call_step, check_workflow_value, definition_from_parts, invoke_step, retry_step, step_info, JsonValue,
        RetryPolicy, Step, StepInfo, Workflow,
    };
    pub use futures;
    pub use lambda_http::Request;
    pub use lambda_runtime::{Context, Diagnostic};
    pub use linkme;
    pub use serde::{de::DeserializeOwned, Serialize};
}
