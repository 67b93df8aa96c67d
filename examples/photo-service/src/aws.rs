//! AWS clients, built once per process from the standard configuration chain (which also honours
//! `AWS_ENDPOINT_URL`, how local runs point them at an emulator).

use tokio::sync::OnceCell;

static CONFIG: OnceCell<aws_config::SdkConfig> = OnceCell::const_new();

async fn config() -> &'static aws_config::SdkConfig {
    CONFIG.get_or_init(|| aws_config::load_defaults(aws_config::BehaviorVersion::latest())).await
}

pub async fn dynamodb() -> aws_sdk_dynamodb::Client {
    aws_sdk_dynamodb::Client::new(config().await)
}

pub async fn s3() -> aws_sdk_s3::Client {
    // Path-style addressing works with every S3 endpoint, emulators included.
    let conf = aws_sdk_s3::config::Builder::from(config().await).force_path_style(true).build();
    aws_sdk_s3::Client::from_conf(conf)
}

pub async fn sns() -> aws_sdk_sns::Client {
    aws_sdk_sns::Client::new(config().await)
}

pub async fn sqs() -> aws_sdk_sqs::Client {
    aws_sdk_sqs::Client::new(config().await)
}
