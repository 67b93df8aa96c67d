//! The three outputs share their raw CloudFormation pieces; what differs is the logical ID each generator gives a
//! function (SAM keeps ours, the Serverless Framework derives its own), so raw pieces ask the target.

use lambdaform_manifest::Function;
use serde_json::Value;

use super::intrinsic::{get_att, r#ref};
use super::names;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// `cloudformation.json`, the canonical output.
    CloudFormation,
    /// `template.yaml`, for the SAM CLI and `sam-translate`.
    Sam,
    /// `serverless.yml`, for the Serverless Framework v3.
    Serverless,
}

/// The alias name a function with provisioned concurrency is invoked through, in CloudFormation and SAM.
pub const ALIAS: &str = "live";

impl Target {
    /// The logical ID of the `AWS::Lambda::Function` once the target's tool has expanded it.
    pub fn function_id(self, f: &Function) -> String {
        match self {
            Target::CloudFormation | Target::Sam => names::function_id(f),
            // The Framework names a function `{Key}LambdaFunction`; our function keys are already PascalCase.
            Target::Serverless => format!("{}LambdaFunction", names::function_stem(f)),
        }
    }

    /// The logical ID of the alias that provisioned concurrency lives on.
    pub fn alias_id(self, f: &Function) -> String {
        match self {
            // SAM's `AutoPublishAlias: live` creates `{FunctionId}Alias{Live}`; the canonical output uses the same ID.
            Target::CloudFormation | Target::Sam => format!("{}AliasLive", names::function_id(f)),
            Target::Serverless => format!("{}ProvConcLambdaAlias", names::function_stem(f)),
        }
    }

    /// What a trigger invokes: the alias when the function has provisioned concurrency (so the warm instances
    /// serve the traffic), else the function itself.
    pub fn invoke_arn(self, f: &Function) -> Value {
        if f.provisioned_concurrency.is_some() {
            // SAM names the alias `AutoPublishAlias` makes `{Function}Alias{name}` in its own casing; its documented
            // handle on it is `Function.Alias`.
            match self {
                Target::Sam => r#ref(&format!("{}.Alias", names::function_id(f))),
                _ => r#ref(&self.alias_id(f)),
            }
        } else {
            get_att(&self.function_id(f), "Arn")
        }
    }

    pub fn file_name(self) -> &'static str {
        match self {
            Target::CloudFormation => "cloudformation.json",
            Target::Sam => "template.yaml",
            Target::Serverless => "serverless.yml",
        }
    }
}
