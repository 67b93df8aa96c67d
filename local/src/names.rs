//! The names and ARNs the local resources go by: the deployed spelling with the stage `local`, in the
//! account and region the ASL executor uses, so events look like the ones AWS sends.

use lambdaform_manifest::Manifest;

pub const ACCOUNT: &str = "000000000000";
pub const REGION: &str = "us-east-1";
pub const STAGE: &str = "local";

/// Physical names and ARNs of one service's items.
#[derive(Debug, Clone)]
pub struct Names {
    service: String,
}

impl Names {
    pub fn new(manifest: &Manifest) -> Names {
        Names { service: manifest.service.clone() }
    }

    /// `photo-service-local-Emails`: the deployed `{service}-{stage}-{name}` pattern.
    pub fn physical(&self, name: &str) -> String {
        format!("{}-{STAGE}-{name}", self.service)
    }

    /// Bucket names must be lower case.
    pub fn bucket(&self, name: &str) -> String {
        self.physical(name).to_ascii_lowercase()
    }

    pub fn bucket_arn(&self, name: &str) -> String {
        format!("arn:aws:s3:::{}", self.bucket(name))
    }

    pub fn function_arn(&self, name: &str) -> String {
        format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:{}", self.physical(name))
    }

    pub fn topic_arn(&self, name: &str) -> String {
        format!("arn:aws:sns:{REGION}:{ACCOUNT}:{}", self.physical(name))
    }

    pub fn queue_arn(&self, name: &str) -> String {
        format!("arn:aws:sqs:{REGION}:{ACCOUNT}:{}", self.physical(name))
    }

    pub fn queue_url(&self, name: &str) -> String {
        format!("https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{}", self.physical(name))
    }

    pub fn table_arn(&self, name: &str) -> String {
        format!("arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{}", self.physical(name))
    }

    pub fn stream_arn(&self, name: &str) -> String {
        format!("{}/stream/1970-01-01T00:00:00.000", self.table_arn(name))
    }

    /// The EventBridge rule that runs a schedule or a warm-up of `owner` (a function or state machine).
    pub fn rule_arn(&self, owner: &str, what: &str) -> String {
        format!("arn:aws:events:{REGION}:{ACCOUNT}:rule/{}-{what}", self.physical(owner))
    }

    /// The topic an alarm publishes to, which the stack creates for it.
    pub fn alarm_topic_arn(&self, alarm: &str) -> String {
        self.topic_arn(alarm)
    }

    pub fn alarm_arn(&self, alarm: &str) -> String {
        format!("arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:{alarm}")
    }

    pub fn state_machine_arn(&self, name: &str) -> String {
        format!("arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{}", self.physical(name))
    }

    pub fn execution_arn(&self, machine: &str, execution: &str) -> String {
        format!("arn:aws:states:{REGION}:{ACCOUNT}:execution:{}:{execution}", self.physical(machine))
    }
}
