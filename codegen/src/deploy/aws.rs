//! The AWS session: the standard credential chain and region resolution (environment, `~/.aws/config`, SSO,
//! instance metadata), narrowed by `--profile`, `--region` and `--endpoint-url`, checked once up front so a missing
//! credential or region is one line with its fix instead of a failed request.

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::ProvideCredentials;

use super::error::{source_chain, DeployError};

/// Where to deploy, as given on the command line; `None` falls back to the standard chain.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct AwsArgs {
    /// AWS region (default: AWS_REGION / AWS_DEFAULT_REGION, then the profile's region).
    #[arg(long)]
    pub region: Option<String>,
    /// Named profile from ~/.aws/config and ~/.aws/credentials.
    #[arg(long)]
    pub profile: Option<String>,
    /// Send every request to this endpoint instead of AWS (a local emulator, a VPC endpoint).
    #[arg(long)]
    pub endpoint_url: Option<String>,
}

/// The SDK clients of one session.
pub struct Aws {
    pub cloudformation: aws_sdk_cloudformation::Client,
    pub s3: aws_sdk_s3::Client,
    pub sts: aws_sdk_sts::Client,
    pub logs: aws_sdk_cloudwatchlogs::Client,
    pub region: String,
}

impl Aws {
    pub async fn connect(args: &AwsArgs) -> Result<Aws, DeployError> {
        let config = load(args).await?;
        let region = config.region().map(|r| r.to_string()).ok_or_else(|| {
            DeployError::user(
                "no AWS region set; pass --region, set AWS_REGION, or add `region` to the profile in ~/.aws/config",
            )
        })?;
        check_credentials(&config, args.profile.as_deref()).await?;
        // A custom endpoint serves buckets under its own host name, not as `<bucket>.<endpoint>` subdomains.
        let s3_config =
            aws_sdk_s3::config::Builder::from(&config).force_path_style(args.endpoint_url.is_some()).build();
        Ok(Aws {
            cloudformation: aws_sdk_cloudformation::Client::new(&config),
            s3: aws_sdk_s3::Client::from_conf(s3_config),
            sts: aws_sdk_sts::Client::new(&config),
            logs: aws_sdk_cloudwatchlogs::Client::new(&config),
            region,
        })
    }

    /// The account the credentials belong to; part of the deployment bucket's name.
    pub async fn account(&self) -> Result<String, DeployError> {
        let identity = self
            .sts
            .get_caller_identity()
            .send()
            .await
            .map_err(|e| super::error::sdk("reading the AWS account (sts:GetCallerIdentity)", e))?;
        identity.account.ok_or_else(|| DeployError::failure("sts:GetCallerIdentity returned no account"))
    }
}

async fn load(args: &AwsArgs) -> Result<SdkConfig, DeployError> {
    // Standard mode retries throttling and transient network errors with exponential backoff and jitter.
    let mut loader =
        aws_config::defaults(BehaviorVersion::latest()).retry_config(RetryConfig::standard().with_max_attempts(5));
    if let Some(profile) = &args.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = &args.region {
        loader = loader.region(Region::new(region.clone()));
    }
    if let Some(url) = &args.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    Ok(loader.load().await)
}

async fn check_credentials(config: &SdkConfig, profile: Option<&str>) -> Result<(), DeployError> {
    let Some(provider) = config.credentials_provider() else {
        return Err(DeployError::user("no AWS credentials provider configured"));
    };
    provider.provide_credentials().await.map(|_| ()).map_err(|e| {
        let fix = match profile {
            Some(p) => format!(
                "check profile `{p}` in ~/.aws/config and ~/.aws/credentials (or run `aws sso login --profile {p}`)"
            ),
            None => "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, pass --profile, or run `aws configure`".into(),
        };
        DeployError::user(format!("no usable AWS credentials ({}); {fix}", source_chain(&e)))
    })
}
