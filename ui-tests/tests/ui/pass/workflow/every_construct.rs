// Every construct of the workflow language in one machine, run natively against the in-memory integrations.
use std::sync::Arc;
use std::time::Duration;

use lambdaform::prelude::*;
use lambdaform::workflow::{with_integrations, Memory, Record, Workflow};
use serde::{Deserialize, Serialize};

#[table(partition_key = "id")]
struct Orders;

#[topic]
struct Alerts;

#[queue]
struct Jobs;

#[derive(Clone, Serialize, Deserialize)]
struct Order {
    id: String,
    amount: u32,
    lines: Vec<u32>,
    kind: Kind,
    coupon: Option<String>,
}

#[derive(Clone, Serialize, Deserialize)]
enum Kind {
    Digital,
    Gift(String),
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Summary {
    id: String,
    paid: u32,
    shipped: Vec<u32>,
    label: String,
    approved: bool,
}

#[derive(Serialize, Deserialize)]
struct Key {
    id: String,
}

#[derive(Debug, FunctionError)]
enum ShopError {
    NotFound,
    Failed(Failure),
}

impl std::fmt::Display for ShopError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

impl From<Failure> for ShopError {
    fn from(f: Failure) -> Self {
        ShopError::Failed(f)
    }
}

#[function]
async fn charge(order: Order) -> Result<u32, ShopError> {
    Ok(order.amount)
}

#[function]
async fn reserve(lines: Vec<u32>) -> Result<u32, ShopError> {
    Ok(lines.len() as u32)
}

#[function]
async fn ship(line: u32) -> Result<u32, ShopError> {
    Ok(line * 10)
}

#[function]
async fn lookup(id: String) -> Result<u32, ShopError> {
    if id == "missing" {
        return Err(ShopError::NotFound);
    }
    Ok(1)
}

/// A callback step: it answers its own token here; a real one would hand the token to a person.
#[function]
async fn request_approval(request: Callback<Order, bool>) -> Result<(), ShopError> {
    request.token.succeed(request.input.amount < 100).await.map_err(ShopError::Failed)
}

#[state_machine(kind = express)]
async fn audit(order: Order) -> Result<u32, ShopError> {
    Ok(order.amount)
}

#[state_machine(name = "shop-order", timeout = "2h")]
async fn shop(input: Order) -> Result<Summary, ShopError> {
    let found = match lookup(input.id.clone()).await {
        Ok(n) => n,
        Err(ShopError::NotFound) => 0,
        Err(_) => 0,
    };
    if found > 5 {
        return fail("Duplicate", format!("order {} seen {} times", input.id, found));
    }
    let label = match input.kind.clone() {
        Kind::Digital => "digital".to_string(),
        Kind::Gift(note) => note,
    };
    let approved = callback(request_approval, input.clone()).heartbeat(60).timeout(3600).await?;
    #[retry(on = [NotFound], attempts = 2, interval = "1s", backoff = 2.0, max_delay = "10s", jitter)]
    let paid = charge(input.clone()).await?;
    let (_, reserved) = join!(charge(input.clone()), reserve(input.lines.clone())).await?;
    let shipped = map(input.lines.clone(), ship).max_concurrency(2).await?;
    let reshipped = map(input.lines.clone(), ship).distributed().await?;
    sleep(Duration::from_secs(30)).await;
    sleep_until("2026-11-27T12:00:00Z").await?;
    Orders::put(input.clone()).await?;
    let stored: Option<Order> = Orders::get(Key { id: input.id.clone() }).await?;
    Alerts::publish(format!("paid {}", paid)).await?;
    Jobs::send(vec![reserved]).await?;
    put_events("shop", "OrderPaid", input.id.clone()).await?;
    start::<audit>(input.clone()).await?;
    let audited = start_sync::<audit>(input.clone()).await?;
    if stored.is_none() || audited != input.amount || reshipped != shipped {
        return fail("Lost", "the order was not stored");
    }
    Ok(Summary { id: input.id, paid, shipped, label, approved })
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let memory = Arc::new(Memory::default());
    let order = Order { id: "o-1".into(), amount: 40, lines: vec![1, 2], kind: Kind::Gift("for you".into()), coupon: None };
    let summary = with_integrations(memory.clone(), <shop as Workflow>::run_native(order)).await.unwrap();
    assert_eq!(
        summary,
        Summary { id: "o-1".into(), paid: 40, shipped: vec![10, 20], label: "for you".into(), approved: true }
    );
    let records = memory.records();
    assert!(records.contains(&Record::Slept { duration: Duration::from_secs(30) }));
    assert!(records.contains(&Record::Sent { queue: "Jobs".into(), message: serde_json::json!([2]) }));
    assert_eq!(memory.items("Orders").len(), 1);

    let definition = <shop as Workflow>::definition();
    assert_eq!(<shop as Workflow>::NAME, "shop-order");
    let states = definition["States"].as_object().unwrap();
    for name in ["lookup", "request_approval (callback)", "Parallel charge, reserve", "Map ship", "Map ship (2)", "Wait 30s", "Orders.put", "Run audit"] {
        assert!(states.contains_key(name), "{name}: {:?}", states.keys());
    }
    assert_eq!(definition["States"]["Run audit"]["Arguments"]["StateMachineArn"], "${state_machine:audit}");

    let options = lambdaform_asl::validate::Options { allow_substitutions: true, ..Default::default() };
    let problems = lambdaform_asl::validate::validate_with(&definition, &options);
    assert!(problems.is_empty(), "{problems:#?}");
}
