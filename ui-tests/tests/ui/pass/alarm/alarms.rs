use lambdaform::prelude::*;

#[function]
async fn create_user(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

mod users {
    use lambdaform::prelude::*;

    #[function]
    pub async fn delete_user(event: serde_json::Value) -> Result<(), Error> {
        let _ = event;
        Ok(())
    }
}

#[function]
#[alarm(name = "errors", metric = "Errors", threshold = 1)]
async fn minimal(event: SnsEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function]
#[alarm(
    name = "slow-signups",
    namespace = "AWS/Lambda",
    metric = "Duration",
    statistic = "Average",
    threshold = 2500.5,
    comparison = ">",
    period = "5m",
    evaluation_periods = 3,
    function = create_user
)]
#[alarm(name = "deletes", metric = "Invocations", threshold = 0, comparison = "<=", period = 10, function = crate::users::delete_user)]
async fn page(event: SnsEventObj<CloudWatchAlarmPayload>) -> Result<Vec<String>, Error> {
    Ok(event.records.into_iter().map(|r| r.sns.message.alarm_name).collect())
}

#[function]
#[alarm(name = "low", metric = "Invocations", threshold = -1, comparison = "<", period = 30)]
async fn raw(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
