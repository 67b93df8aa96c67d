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
        Aws::from_config(&config, args.profile.as_deref(), args.endpoint_url.is_some()).await
    }

    /// The clients of a loaded configuration, once its region and credentials are known to be there.
    async fn from_config(config: &SdkConfig, profile: Option<&str>, custom_endpoint: bool) -> Result<Aws, DeployError> {
        let region = config.region().map(|r| r.to_string()).ok_or_else(|| {
            DeployError::user(
                "no AWS region set; pass --region, set AWS_REGION, or add `region` to the profile in ~/.aws/config",
            )
        })?;
        check_credentials(config, profile).await?;
        // A custom endpoint serves buckets under its own host name, not as `<bucket>.<endpoint>` subdomains.
        let s3_config = aws_sdk_s3::config::Builder::from(config).force_path_style(custom_endpoint).build();
        Ok(Aws {
            cloudformation: aws_sdk_cloudformation::Client::new(config),
            s3: aws_sdk_s3::Client::from_conf(s3_config),
            sts: aws_sdk_sts::Client::new(config),
            logs: aws_sdk_cloudwatchlogs::Client::new(config),
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
    let mut loader = aws_config::defaults(BehaviorVersion::latest()).retry_config(retry_config());
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

/// Standard mode retries throttling and transient network errors (refused or dropped connections, timeouts) with
/// exponential backoff and jitter.
fn retry_config() -> RetryConfig {
    RetryConfig::standard().with_max_attempts(5)
}

async fn check_credentials(config: &SdkConfig, profile: Option<&str>) -> Result<(), DeployError> {
    let missing = |why: String| {
        let fix = match profile {
            Some(p) => format!(
                "check profile `{p}` in ~/.aws/config and ~/.aws/credentials (or run `aws sso login --profile {p}`)"
            ),
            None => "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, pass --profile, or run `aws configure`".into(),
        };
        DeployError::user(format!("no usable AWS credentials ({why}); {fix}"))
    };
    let Some(provider) = config.credentials_provider() else {
        return Err(missing("no credentials provider is configured".into()));
    };
    provider.provide_credentials().await.map(|_| ()).map_err(|e| missing(source_chain(&e)))
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::time::Duration;

    use aws_credential_types::provider::{error::CredentialsError, future, SharedCredentialsProvider};
    use aws_credential_types::Credentials;

    use super::*;

    /// A credential chain that found nothing, as on a machine with no AWS setup.
    #[derive(Debug)]
    struct NoCredentials;

    impl ProvideCredentials for NoCredentials {
        fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
        where
            Self: 'a,
        {
            future::ProvideCredentials::ready(Err(CredentialsError::not_loaded("nothing in the environment")))
        }
    }

    fn static_credentials() -> SharedCredentialsProvider {
        SharedCredentialsProvider::new(Credentials::new("id", "secret", None, None, "test"))
    }

    fn config(region: Option<&str>, credentials: Option<SharedCredentialsProvider>) -> SdkConfig {
        let mut config = SdkConfig::builder().behavior_version(BehaviorVersion::latest());
        config.set_region(region.map(|r| Region::new(r.to_string())));
        config.set_credentials_provider(credentials);
        config.build()
    }

    async fn refusal(config: SdkConfig, profile: Option<&str>) -> DeployError {
        Aws::from_config(&config, profile, false).await.err().expect("refused")
    }

    #[tokio::test]
    async fn a_missing_region_is_one_line_with_its_fix() {
        let e = refusal(config(None, Some(static_credentials())), None).await;
        assert_eq!(e.exit_code(), 2);
        assert!(e.message.starts_with("no AWS region set; pass --region, set AWS_REGION"), "{}", e.message);
        assert!(!e.message.contains('\n'));
    }

    #[tokio::test]
    async fn missing_credentials_are_one_line_with_their_fix() {
        let nothing = || Some(SharedCredentialsProvider::new(NoCredentials));
        let none = refusal(config(Some("eu-west-1"), None), None).await;
        let empty = refusal(config(Some("eu-west-1"), nothing()), None).await;
        for e in [&none, &empty] {
            assert_eq!(e.exit_code(), 2);
            assert!(e.message.starts_with("no usable AWS credentials ("), "{}", e.message);
            assert!(
                e.message.ends_with(
                    "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, pass --profile, or run `aws configure`"
                ),
                "{}",
                e.message
            );
        }
        assert!(empty.message.contains("nothing in the environment"), "{}", empty.message);
        let profile = refusal(config(Some("eu-west-1"), nothing()), Some("prod")).await;
        assert!(
            profile.message.contains("check profile `prod`")
                && profile.message.contains("aws sso login --profile prod")
        );
    }

    #[tokio::test]
    async fn network_errors_are_retried_with_backoff_then_explained() {
        // An endpoint that accepts each connection and drops it at once: every attempt fails in transit.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let attempts = Arc::new(AtomicUsize::new(0));
        let counted = attempts.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                counted.fetch_add(1, Ordering::SeqCst);
                drop(socket);
            }
        });
        let retry = retry_config();
        assert_eq!(retry.max_attempts(), 5);
        let config = SdkConfig::builder()
            .behavior_version(BehaviorVersion::latest())
            .credentials_provider(static_credentials())
            .region(Region::new("us-east-1"))
            .endpoint_url(format!("http://127.0.0.1:{port}"))
            // The deploy's own policy, with a short first backoff so the test does not wait seconds.
            .retry_config(retry.with_initial_backoff(Duration::from_millis(10)))
            .build();
        let aws = Aws::from_config(&config, None, true).await.expect("region and credentials are there");
        let e = aws.account().await.expect_err("nothing answers");
        assert_eq!(attempts.load(Ordering::SeqCst), 5, "each attempt is one connection");
        assert_eq!(e.exit_code(), 1);
        assert!(
            e.message.starts_with("reading the AWS account (sts:GetCallerIdentity): cannot reach AWS after retries ("),
            "{}",
            e.message
        );
        assert!(e.message.ends_with("); check the network or --endpoint-url"), "{}", e.message);
    }
}
