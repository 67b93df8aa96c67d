use lambdaform::prelude::*;
use serde::{Deserialize, Serialize};

#[topic]
struct Signups;

#[derive(Serialize, Deserialize)]
struct Signup {
    user: String,
}

#[function]
#[sns(topic = Signups)]
async fn plain(event: SnsEvent) -> Result<(), Error> {
    let _ = event.records.len();
    Ok(())
}

#[function]
#[sns(topic = Signups, filter_policy = {"kind": ["signup"], "score": [{"numeric": [">=", -1]}]})]
async fn typed(event: SnsEventObj<Signup>) -> Result<Vec<String>, Error> {
    Ok(event.records.into_iter().map(|r| r.sns.message.user).collect())
}

#[function]
#[sns(topic = Signups, filter_policy = "{\"kind\": [\"signup\"]}")]
async fn any(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
