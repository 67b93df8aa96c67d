//! `deploy` from start to end: bucket, artifact, change set, summary, confirmation, execution, outputs.

use super::aws::Aws;
use super::bucket::{ensure_bucket, upload_once, Upload};
use super::changeset::{self, Prepared, Request, TemplateSource};
use super::confirm::confirm;
use super::error::DeployError;
use super::names::{artifact_key, deployment_bucket, hex, stack_name, template_key};
use super::outputs::render_outputs;
use super::progress::{self, Outcome};
use super::source::Source;
use super::stack::{self, Plan};
use super::summary;
use super::validate::validate;

/// The largest template CloudFormation takes inline; larger ones go through the deployment bucket.
const MAX_TEMPLATE_BODY: usize = 51_200;

pub struct DeployOptions {
    pub stage: String,
    pub dry_run: bool,
    pub yes: bool,
}

pub async fn deploy(aws: &Aws, source: &Source, opts: &DeployOptions) -> Result<(), DeployError> {
    let service = &source.manifest.service;
    let stack_name = stack_name(service, &opts.stage);
    let existing = stack::describe(aws, &stack_name).await?;
    let plan = stack::plan(&stack_name, existing.as_ref().map(stack::status))?;

    let bucket = deployment_bucket(service, &aws.region, &aws.account().await?);
    let key = artifact_key(service, &source.artifact_sha256);
    let template = template_source(aws, source, &bucket, &opts.stage).await?;
    validate(aws, &stack_name, &template).await?;
    let parameters = vec![
        ("Stage".to_string(), opts.stage.clone()),
        ("CodeS3Bucket".to_string(), bucket.clone()),
        ("CodeS3Key".to_string(), key.clone()),
    ];
    let request = Request { stack: &stack_name, template, parameters: &parameters, plan: plan.clone() };
    let (change_set, changes) = match changeset::create(aws, &request).await? {
        Prepared::NoChanges => {
            eprintln!("no changes: stack {stack_name} is up to date");
            return print_outputs(aws, &stack_name).await;
        }
        Prepared::Ready { name, changes } => (name, changes),
    };
    eprint!("{}", summary::render(&stack_name, &changes));

    let verb = if plan == Plan::Create { "Create" } else { "Update" };
    if opts.dry_run {
        discard(aws, &stack_name, &change_set, &plan).await?;
        eprintln!("dry run: change set deleted, stack {stack_name} untouched");
        return Ok(());
    }
    if let Err(refused) = confirm(&format!("{verb} stack {stack_name}?"), opts.yes) {
        discard(aws, &stack_name, &change_set, &plan).await?;
        return Err(refused);
    }

    // The code goes up only once the change is confirmed: a dry run or a refusal leaves nothing behind. A change
    // set does not read the object its parameters name; executing it does.
    prepare_bucket(aws, &bucket).await?;
    match upload_once(aws, &bucket, &key, source.artifact.clone()).await? {
        Upload::Sent => eprintln!("uploaded s3://{bucket}/{key} ({} bytes)", source.artifact.len()),
        Upload::Unchanged => eprintln!("code unchanged: s3://{bucket}/{key} is already there"),
    }
    let seen = progress::seen_events(aws, &stack_name).await?;
    changeset::execute(aws, &stack_name, &change_set).await?;
    let outcome = progress::follow(aws, &stack_name, seen).await?;
    if outcome.succeeded() {
        eprintln!("stack {stack_name}: {}", outcome.status);
        return print_outputs(aws, &stack_name).await;
    }
    Err(failed(&stack_name, &plan, &opts.stage, &outcome))
}

/// The one line a failed create or update ends with: the first resource that failed and why, and the state
/// CloudFormation's rollback left the stack in.
fn failed(stack_name: &str, plan: &Plan, stage: &str, outcome: &Outcome) -> DeployError {
    let verb = if *plan == Plan::Create { "Create" } else { "Update" };
    let cause = match &outcome.first_failure {
        Some(f) => format!("{} ({}) {}: {}", f.logical_id, f.resource_type, f.status, f.reason),
        None => "no resource reported a reason; see the stack events".to_string(),
    };
    let after = if *plan == Plan::Create {
        format!(
            "; the stack is {}: delete it with `lambdaform remove --stage {stage}` before deploying again",
            outcome.status
        )
    } else {
        format!("; rolled back to the previous version ({})", outcome.status)
    };
    DeployError::failure(format!("{verb} of {stack_name} failed: {cause}{after}"))
}

/// Drops an unexecuted change set, and the empty stack a create change set leaves in REVIEW_IN_PROGRESS.
async fn discard(aws: &Aws, stack_name: &str, change_set: &str, plan: &Plan) -> Result<(), DeployError> {
    changeset::delete(aws, stack_name, change_set).await?;
    if *plan == Plan::Create {
        aws.cloudformation
            .delete_stack()
            .stack_name(stack_name)
            .send()
            .await
            .map_err(|e| super::error::sdk(&format!("deleting the empty stack {stack_name}"), e))?;
    }
    Ok(())
}

/// The template inline when CloudFormation takes it so, else uploaded to the deployment bucket (created first if
/// need be: the one thing a dry run of such a large template leaves behind).
async fn template_source(aws: &Aws, source: &Source, bucket: &str, stage: &str) -> Result<TemplateSource, DeployError> {
    let body = serde_json::to_string(&source.template)
        .map_err(|e| DeployError::failure(format!("cannot encode the template: {e}")))?;
    if body.len() <= MAX_TEMPLATE_BODY {
        return Ok(TemplateSource::Body(body));
    }
    use sha2::Digest;
    prepare_bucket(aws, bucket).await?;
    let key = template_key(&source.manifest.service, stage, &hex(&sha2::Sha256::digest(body.as_bytes())));
    upload_once(aws, bucket, &key, body.into_bytes()).await?;
    Ok(TemplateSource::Url(format!("https://{bucket}.s3.{}.amazonaws.com/{key}", aws.region)))
}

async fn prepare_bucket(aws: &Aws, bucket: &str) -> Result<(), DeployError> {
    if ensure_bucket(aws, bucket).await? {
        eprintln!("created deployment bucket {bucket}");
    }
    Ok(())
}

async fn print_outputs(aws: &Aws, stack_name: &str) -> Result<(), DeployError> {
    if let Some(stack) = stack::describe(aws, stack_name).await? {
        print!("{}", render_outputs(&stack));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::progress::Failure;

    fn outcome(status: &str) -> Outcome {
        Outcome {
            status: status.into(),
            first_failure: Some(Failure {
                logical_id: "ThumbnailsFunction".into(),
                resource_type: "AWS::Lambda::Function".into(),
                status: "UPDATE_FAILED".into(),
                reason: "Memory size 20000 is above the limit".into(),
            }),
        }
    }

    #[test]
    fn a_failed_update_names_the_first_failing_resource_and_the_rollback() {
        let e = failed("shop-prod", &Plan::Update, "prod", &outcome("UPDATE_ROLLBACK_COMPLETE"));
        assert_eq!(e.exit_code(), 1);
        assert_eq!(
            e.message,
            "Update of shop-prod failed: ThumbnailsFunction (AWS::Lambda::Function) UPDATE_FAILED: Memory size \
             20000 is above the limit; rolled back to the previous version (UPDATE_ROLLBACK_COMPLETE)"
        );
    }

    #[test]
    fn a_failed_create_says_how_to_start_again() {
        let mut rolled_back = outcome("ROLLBACK_COMPLETE");
        rolled_back.first_failure = None;
        let e = failed("shop-dev", &Plan::Create, "dev", &rolled_back);
        assert!(e.message.starts_with("Create of shop-dev failed: no resource reported a reason"), "{}", e.message);
        assert!(
            e.message.ends_with(
                "the stack is ROLLBACK_COMPLETE: delete it with `lambdaform remove --stage dev` before deploying again"
            ),
            "{}",
            e.message
        );
    }
}
