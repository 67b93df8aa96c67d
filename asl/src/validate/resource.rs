//! Task `Resource` ARNs: Lambda functions, activities, optimized service integrations and AWS SDK
//! integrations, with the integration patterns (`.sync`, `.waitForTaskToken`) each one supports.

use super::options::MachineKind;

const PARTITIONS: &[&str] =
    &["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"];

/// Integration patterns, as bits, that an optimized integration supports.
const RR: u8 = 1; // request-response (no suffix)
const SYNC: u8 = 2; // .sync
const SYNC2: u8 = 4; // .sync:2
const WAIT: u8 = 8; // .waitForTaskToken

/// Optimized integrations: `(service, action, patterns)`.
const OPTIMIZED: &[(&str, &str, u8)] = &[
    ("lambda", "invoke", RR | WAIT),
    ("dynamodb", "getItem", RR),
    ("dynamodb", "putItem", RR),
    ("dynamodb", "updateItem", RR),
    ("dynamodb", "deleteItem", RR),
    ("sns", "publish", RR | WAIT),
    ("sqs", "sendMessage", RR | WAIT),
    ("states", "startExecution", RR | SYNC | SYNC2 | WAIT),
    ("events", "putEvents", RR | WAIT),
    ("apigateway", "invoke", RR | WAIT),
    ("http", "invoke", RR),
    ("ecs", "runTask", RR | SYNC | WAIT),
    ("batch", "submitJob", RR | SYNC),
    ("glue", "startJobRun", RR | SYNC),
    ("databrew", "startJobRun", RR | SYNC),
    ("athena", "startQueryExecution", RR | SYNC),
    ("athena", "stopQueryExecution", RR),
    ("athena", "getQueryExecution", RR),
    ("athena", "getQueryResults", RR),
    ("codebuild", "startBuild", RR | SYNC),
    ("codebuild", "stopBuild", RR),
    ("codebuild", "batchDeleteBuilds", RR),
    ("codebuild", "batchGetReports", RR),
    ("codebuild", "startBuildBatch", RR | SYNC),
    ("codebuild", "stopBuildBatch", RR),
    ("codebuild", "retryBuild", RR | SYNC),
    ("codebuild", "retryBuildBatch", RR | SYNC),
    ("codebuild", "deleteBuildBatch", RR),
    ("elasticmapreduce", "createCluster", RR | SYNC),
    ("elasticmapreduce", "terminateCluster", RR | SYNC),
    ("elasticmapreduce", "addStep", RR | SYNC),
    ("elasticmapreduce", "cancelStep", RR),
    ("elasticmapreduce", "setClusterTerminationProtection", RR),
    ("elasticmapreduce", "modifyInstanceFleetByName", RR),
    ("elasticmapreduce", "modifyInstanceGroupByName", RR),
    ("emr-containers", "startJobRun", RR | SYNC),
    ("emr-containers", "createVirtualCluster", RR),
    ("emr-containers", "deleteVirtualCluster", RR | SYNC),
    ("emr-serverless", "createApplication", RR | SYNC),
    ("emr-serverless", "startApplication", RR | SYNC),
    ("emr-serverless", "stopApplication", RR | SYNC),
    ("emr-serverless", "deleteApplication", RR | SYNC),
    ("emr-serverless", "startJobRun", RR | SYNC),
    ("emr-serverless", "cancelJobRun", RR | SYNC),
    ("eks", "createCluster", RR | SYNC),
    ("eks", "deleteCluster", RR | SYNC),
    ("eks", "createFargateProfile", RR | SYNC),
    ("eks", "deleteFargateProfile", RR | SYNC),
    ("eks", "createNodegroup", RR | SYNC),
    ("eks", "deleteNodegroup", RR | SYNC),
    ("eks", "runJob", RR | SYNC),
    ("eks", "call", RR),
    ("sagemaker", "createTrainingJob", RR | SYNC),
    ("sagemaker", "createTransformJob", RR | SYNC),
    ("sagemaker", "createProcessingJob", RR | SYNC),
    ("sagemaker", "createHyperParameterTuningJob", RR | SYNC),
    ("sagemaker", "createLabelingJob", RR | SYNC),
    ("sagemaker", "createEndpoint", RR),
    ("sagemaker", "createEndpointConfig", RR),
    ("sagemaker", "createModel", RR),
    ("sagemaker", "updateEndpoint", RR),
    ("mediaconvert", "createJob", RR | SYNC),
    ("bedrock", "invokeModel", RR),
    ("bedrock", "createModelCustomizationJob", RR | SYNC),
];

/// Checks a Task `Resource`; returns every reason it is refused.
pub(crate) fn problems(arn: &str, runs_as: MachineKind) -> Vec<String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [prefix, partition, service, region, account, rest] = parts[..] else {
        return vec![format!(
            "'{arn}' is not an ARN; expected arn:<partition>:<service>:<region>:<account>:<resource>"
        )];
    };
    if prefix != "arn" {
        return vec![format!("'{arn}' is not an ARN; it must start with 'arn:'")];
    }
    let mut out = Vec::new();
    if !PARTITIONS.contains(&partition) {
        out.push(format!("'{partition}' is not an AWS partition (aws, aws-cn, aws-us-gov, ...)"));
    }
    match (service, region.is_empty() && account.is_empty()) {
        ("states", true) => integration(arn, rest, runs_as, &mut out),
        ("states", false) => activity(arn, rest, runs_as, &mut out),
        ("lambda", false) => lambda(arn, rest, &mut out),
        _ => out.push(unrecognized(arn)),
    }
    out
}

fn unrecognized(arn: &str) -> String {
    format!("the resource provided {arn} is not recognized: it is not a Lambda function, an activity or a Step Functions service integration")
}

fn lambda(arn: &str, rest: &str, out: &mut Vec<String>) {
    let parts: Vec<&str> = rest.split(':').collect();
    let ok = matches!(parts[..], ["function", name] | ["function", name, _] if !name.is_empty());
    if !ok {
        out.push(format!("'{arn}' is not a Lambda function ARN; expected ...:function:<name>[:<qualifier>]"));
    }
}

fn activity(arn: &str, rest: &str, runs_as: MachineKind, out: &mut Vec<String>) {
    match rest.split_once(':') {
        Some(("activity", name)) if !name.is_empty() && !name.contains(':') => {
            if runs_as == MachineKind::Express {
                out.push("Express state machines do not support activities".to_owned());
            }
        }
        _ => out.push(unrecognized(arn)),
    }
}

/// `arn:aws:states:::<service>:<action>[.pattern]` or `arn:aws:states:::aws-sdk:<service>:<action>`.
fn integration(arn: &str, rest: &str, runs_as: MachineKind, out: &mut Vec<String>) {
    let (target, pattern) = split_pattern(rest);
    let Some(bit) = pattern_bit(pattern) else {
        out.push(format!("'{pattern}' is not an integration pattern; use .sync, .sync:2 or .waitForTaskToken"));
        return;
    };
    let supported = if let Some(sdk) = target.strip_prefix("aws-sdk:") {
        match sdk.split_once(':') {
            Some((service, action)) if is_sdk_service(service) && is_sdk_action(action) => RR | WAIT,
            _ => {
                out.push(format!(
                    "'{arn}' is not an AWS SDK integration; expected arn:aws:states:::aws-sdk:<service>:<apiAction>"
                ));
                return;
            }
        }
    } else {
        let found = target
            .split_once(':')
            .and_then(|(service, action)| OPTIMIZED.iter().find(|(s, a, _)| *s == service && *a == action));
        match found {
            Some((_, _, patterns)) => *patterns,
            None => {
                out.push(unrecognized(arn));
                return;
            }
        }
    };
    if supported & bit == 0 {
        out.push(format!("{target} does not support the '{pattern}' integration pattern"));
        return;
    }
    if runs_as == MachineKind::Express && bit != RR {
        let shown = if bit == WAIT { ".waitForTaskToken" } else { ".sync" };
        out.push(format!("Express state machine does not support '{shown}' service integration"));
    }
}

fn split_pattern(rest: &str) -> (&str, &str) {
    match rest.find('.') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    }
}

fn pattern_bit(pattern: &str) -> Option<u8> {
    match pattern {
        "" => Some(RR),
        ".sync" => Some(SYNC),
        ".sync:2" => Some(SYNC2),
        ".waitForTaskToken" => Some(WAIT),
        _ => None,
    }
}

fn is_sdk_service(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn is_sdk_action(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_lowercase()) && s.chars().all(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::problems;
    use crate::validate::MachineKind::{Express, Standard};

    #[test]
    fn accepts_known_resources() {
        for ok in [
            "arn:aws:lambda:us-east-1:123456789012:function:f",
            "arn:aws:lambda:us-east-1:123456789012:function:f:live",
            "arn:aws:states:::lambda:invoke",
            "arn:aws:states:::lambda:invoke.waitForTaskToken",
            "arn:aws:states:::states:startExecution.sync:2",
            "arn:aws:states:::aws-sdk:s3:listObjectsV2",
            "arn:aws-cn:states:::dynamodb:putItem",
            "arn:aws:states:us-east-1:123456789012:activity:a",
        ] {
            assert!(problems(ok, Standard).is_empty(), "{ok}: {:?}", problems(ok, Standard));
        }
    }

    #[test]
    fn refuses_unknown_or_misused_resources() {
        for (bad, kind, why) in [
            ("arn:aws:states:::dynamodb:query", Standard, "is not recognized"),
            ("arn:aws:states:::dynamodb:putItem.sync", Standard, "does not support the '.sync'"),
            ("arn:aws:states:::lambda:invoke.async", Standard, "not an integration pattern"),
            ("arn:aws:states:::aws-sdk:s3", Standard, "not an AWS SDK integration"),
            ("arn:aws:lambda:us-east-1:1:layer:x", Standard, "not a Lambda function ARN"),
            ("arn:nope:states:::lambda:invoke", Standard, "not an AWS partition"),
            ("lambda:invoke", Standard, "not an ARN"),
            ("arn:aws:states:::states:startExecution.sync", Express, "does not support '.sync'"),
            ("arn:aws:states:::sns:publish.waitForTaskToken", Express, "does not support '.waitForTaskToken'"),
            ("arn:aws:states:us-east-1:1:activity:a", Express, "do not support activities"),
        ] {
            let got = problems(bad, kind).join("; ");
            assert!(got.contains(why), "{bad}: {got}");
        }
    }
}
