//! The deployment bucket and what goes into it: created once, then each artifact under its content hash, uploaded
//! only when that key is not there yet.

use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{
    BucketLocationConstraint, CreateBucketConfiguration, PublicAccessBlockConfiguration, ServerSideEncryption,
    ServerSideEncryptionByDefault, ServerSideEncryptionConfiguration, ServerSideEncryptionRule,
};

use super::aws::Aws;
use super::error::{sdk, DeployError};

/// Whether an object was sent or already present.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upload {
    Sent,
    Unchanged,
}

/// Creates the bucket when it does not exist: private, encrypted at rest.
pub async fn ensure_bucket(aws: &Aws, bucket: &str) -> Result<bool, DeployError> {
    match aws.s3.head_bucket().bucket(bucket).send().await {
        Ok(_) => return Ok(false),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_not_found()) => {}
        Err(e) => return Err(sdk(&format!("checking deployment bucket {bucket}"), e)),
    }
    let mut create = aws.s3.create_bucket().bucket(bucket);
    // us-east-1 is the one region that rejects an explicit location constraint.
    if aws.region != "us-east-1" {
        let location = BucketLocationConstraint::from(aws.region.as_str());
        create = create
            .create_bucket_configuration(CreateBucketConfiguration::builder().location_constraint(location).build());
    }
    create.send().await.map_err(|e| sdk(&format!("creating deployment bucket {bucket}"), e))?;
    let block = PublicAccessBlockConfiguration::builder()
        .block_public_acls(true)
        .block_public_policy(true)
        .ignore_public_acls(true)
        .restrict_public_buckets(true)
        .build();
    aws.s3
        .put_public_access_block()
        .bucket(bucket)
        .public_access_block_configuration(block)
        .send()
        .await
        .map_err(|e| sdk(&format!("blocking public access to {bucket}"), e))?;
    let by_default = ServerSideEncryptionByDefault::builder()
        .sse_algorithm(ServerSideEncryption::Aes256)
        .build()
        .map_err(|e| DeployError::failure(format!("encryption settings for {bucket}: {e}")))?;
    let rule = ServerSideEncryptionRule::builder().apply_server_side_encryption_by_default(by_default).build();
    let encryption = ServerSideEncryptionConfiguration::builder()
        .rules(rule)
        .build()
        .map_err(|e| DeployError::failure(format!("encryption settings for {bucket}: {e}")))?;
    aws.s3
        .put_bucket_encryption()
        .bucket(bucket)
        .server_side_encryption_configuration(encryption)
        .send()
        .await
        .map_err(|e| sdk(&format!("encrypting {bucket}"), e))?;
    Ok(true)
}

/// Puts `body` at `key` unless an object is already there: keys name their content, so an existing one is equal.
pub async fn upload_once(aws: &Aws, bucket: &str, key: &str, body: Vec<u8>) -> Result<Upload, DeployError> {
    match aws.s3.head_object().bucket(bucket).key(key).send().await {
        Ok(_) => return Ok(Upload::Unchanged),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_not_found()) => {}
        Err(e) => return Err(sdk(&format!("checking s3://{bucket}/{key}"), e)),
    }
    aws.s3
        .put_object()
        .bucket(bucket)
        .key(key)
        .body(ByteStream::from(body))
        .send()
        .await
        .map_err(|e| sdk(&format!("uploading s3://{bucket}/{key}"), e))?;
    Ok(Upload::Sent)
}
