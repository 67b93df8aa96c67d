use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A trigger of a function. Several may sit on one function.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Event {
    Http(HttpEvent),
    S3(S3Event),
    Schedule(ScheduleEvent),
    Sns(SnsEvent),
    Sqs(SqsEvent),
    DynamodbStream(StreamEvent),
    EventBridge { pattern: Value },
    Alarm(Alarm),
}

impl Event {
    /// The attribute that declares this event, as the user wrote it.
    pub fn attribute(&self) -> &'static str {
        match self {
            Event::Http(_) => "http",
            Event::S3(_) => "s3",
            Event::Schedule(_) => "schedule",
            Event::Sns(_) => "sns",
            Event::Sqs(_) => "sqs",
            Event::DynamodbStream(_) => "dynamodb_stream",
            Event::EventBridge { .. } => "event_bridge",
            Event::Alarm(_) => "alarm",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpEvent {
    /// Upper case; `ANY` matches every method.
    pub method: String,
    /// API Gateway syntax: `/users/{id}`, greedy `{proxy+}` last.
    pub path: String,
    pub api: ApiKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cors: Option<Cors>,
    #[serde(default, skip_serializing_if = "Authorizer::is_none")]
    pub authorizer: Authorizer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApiKind {
    /// API Gateway HTTP API, payload format 2.0.
    Http,
    /// API Gateway REST API, payload format 1.0.
    Rest,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cors {
    pub allow_origins: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow_headers: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow_methods: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u32>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_credentials: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Authorizer {
    #[default]
    None,
    Iam,
    /// A JWT authorizer; Cognito user pools are JWT issuers too.
    Jwt {
        issuer: String,
        audience: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        scopes: Vec<String>,
    },
}

impl Authorizer {
    pub fn is_none(&self) -> bool {
        matches!(self, Authorizer::None)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct S3Event {
    pub bucket: S3Bucket,
    /// S3 event names, `s3:ObjectCreated:*`.
    pub events: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suffix: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum S3Bucket {
    /// A `#[bucket]` of this service, by resource name.
    Declared(String),
    /// A bucket outside the stack, by its bucket name; wired through S3's EventBridge notifications.
    Existing(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleEvent {
    /// An EventBridge schedule expression: `rate(5 minutes)` or `cron(0 12 * * ? *)`.
    pub expression: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnsEvent {
    pub topic: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter_policy: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SqsEvent {
    pub queue: String,
    pub batch_size: u32,
    /// Seconds to gather a batch (`MaximumBatchingWindowInSeconds`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_window: Option<u32>,
    /// Report failed messages one by one (`ReportBatchItemFailures`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partial_failures: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamEvent {
    pub table: String,
    pub starting_position: StartingPosition,
    pub batch_size: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StartingPosition {
    TrimHorizon,
    Latest,
}

/// A CloudWatch alarm; when it fires, it publishes to a topic the stack creates, which invokes the function.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alarm {
    pub name: String,
    pub namespace: String,
    pub metric: String,
    pub statistic: String,
    pub threshold: f64,
    pub comparison: AlarmComparison,
    /// Seconds.
    pub period: u32,
    pub evaluation_periods: u32,
    /// Metric dimensions; a value naming a `#[function]` of the service, written `function:NAME`, becomes
    /// that function's deployed name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub dimensions: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AlarmComparison {
    GreaterThanOrEqualToThreshold,
    GreaterThanThreshold,
    LessThanThreshold,
    LessThanOrEqualToThreshold,
}

impl AlarmComparison {
    pub const ALL: [(&'static str, AlarmComparison); 4] = [
        (">=", AlarmComparison::GreaterThanOrEqualToThreshold),
        (">", AlarmComparison::GreaterThanThreshold),
        ("<", AlarmComparison::LessThanThreshold),
        ("<=", AlarmComparison::LessThanOrEqualToThreshold),
    ];
}
