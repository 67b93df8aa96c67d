use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Event;

/// One `#[function]`: its Lambda settings, its triggers and the resources it touches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Function {
    /// The Lambda function's logical name; also the `_HANDLER` value the glue dispatches on.
    pub name: String,
    /// `module::path::fn_name` of the Rust handler, for messages.
    pub rust_path: String,
    pub memory: u32,
    /// Seconds.
    pub timeout: u32,
    pub architecture: Architecture,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub environment: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reserved_concurrency: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provisioned_concurrency: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracing: Option<Tracing>,
    /// Days; one of the values CloudWatch Logs accepts.
    pub log_retention: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warmup: Option<Warmup>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uses: Vec<Use>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
    pub source: Source,
}

impl Function {
    /// Every resource of the service the function names, in `uses(...)` or as a trigger: the ones whose names
    /// and ARNs its environment must carry.
    pub fn touched_resources(&self) -> std::collections::BTreeSet<&str> {
        let mut out: std::collections::BTreeSet<&str> = self.uses.iter().map(|u| u.resource.as_str()).collect();
        for event in &self.events {
            match event {
                Event::S3(crate::S3Event { bucket: crate::S3Bucket::Declared(name), .. }) => out.insert(name),
                Event::Sns(e) => out.insert(&e.topic),
                Event::Sqs(e) => out.insert(&e.queue),
                Event::DynamodbStream(e) => out.insert(&e.table),
                _ => false,
            };
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Architecture {
    Arm64,
    X86_64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tracing {
    Active,
    PassThrough,
}

/// A resource the function touches, and how: the input for its least-privilege IAM policy.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Use {
    pub resource: String,
    pub access: Access,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    Read,
    Write,
    ReadWrite,
    Publish,
    Send,
    Receive,
}

impl Access {
    pub const ALL: [Access; 6] =
        [Access::Read, Access::Write, Access::ReadWrite, Access::Publish, Access::Send, Access::Receive];

    pub fn as_str(self) -> &'static str {
        match self {
            Access::Read => "read",
            Access::Write => "write",
            Access::ReadWrite => "read_write",
            Access::Publish => "publish",
            Access::Send => "send",
            Access::Receive => "receive",
        }
    }

    pub fn parse(s: &str) -> Option<Access> {
        Access::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// A schedule that keeps the function warm by pinging it with [`WARMUP_PAYLOAD`](crate::limits::WARMUP_PAYLOAD).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Warmup {
    /// An EventBridge schedule expression, `rate(5 minutes)`.
    pub schedule: String,
    /// How many concurrent pings each tick sends.
    pub concurrency: u32,
}

/// Where the item was declared, so codegen errors can point back at the user's code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub package: String,
    pub file: String,
    pub line: u32,
}
