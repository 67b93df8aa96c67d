use serde::{Deserialize, Serialize};

/// A resource declared as a Rust type (`#[table] struct Users;`). Its name is the type's name and is the only
/// input to its logical ID, so renaming anything else never replaces it.
// No `deny_unknown_fields` here: serde does not support it together with `flatten`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resource {
    pub name: String,
    /// Keep the resource (and its data) when the stack deletes or replaces it.
    pub retain: bool,
    #[serde(flatten)]
    pub kind: ResourceKind,
    pub source: crate::Source,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ResourceKind {
    Table(Table),
    Bucket,
    Topic(Topic),
    Queue(Queue),
}

impl ResourceKind {
    pub fn attribute(&self) -> &'static str {
        match self {
            ResourceKind::Table(_) => "table",
            ResourceKind::Bucket => "bucket",
            ResourceKind::Topic(_) => "topic",
            ResourceKind::Queue(_) => "queue",
        }
    }

    /// The attributes a function reads at run time through `limits::resource_env_var`, and the resource's
    /// accessors are named after (`Users::name()`, `Emails::url()`).
    pub fn runtime_attributes(&self) -> &'static [&'static str] {
        match self {
            ResourceKind::Table(_) | ResourceKind::Bucket => &["NAME", "ARN"],
            ResourceKind::Topic(_) => &["ARN", "NAME"],
            ResourceKind::Queue(_) => &["URL", "ARN", "NAME"],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub partition_key: TableKey,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_key: Option<TableKey>,
    pub billing: Billing,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<StreamView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableKey {
    pub name: String,
    #[serde(rename = "type")]
    pub key_type: KeyType,
}

/// DynamoDB key attribute types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeyType {
    S,
    N,
    B,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case", deny_unknown_fields)]
pub enum Billing {
    PayPerRequest,
    Provisioned { read: u32, write: u32 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StreamView {
    KeysOnly,
    NewImage,
    OldImage,
    NewAndOldImages,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub fifo: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Queue {
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub fifo: bool,
    /// Seconds.
    pub visibility_timeout: u32,
    /// Seconds a message is kept.
    pub retention: u32,
    /// Moves a message to a dead-letter queue after this many receives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dlq_max_receive: Option<u32>,
}
