// A workflow over three steps: native run and definition agree on the path taken.
use lambdaform::prelude::*;
use lambdaform::workflow::Workflow;
use serde::{Deserialize, Serialize};

#[derive(Clone, Serialize, Deserialize)]
struct Order {
    id: String,
    amount: u32,
}

#[derive(Serialize, Deserialize, PartialEq, Debug)]
struct Receipt {
    id: String,
    total: u32,
    approved: bool,
}

#[derive(Debug, FunctionError)]
enum OrderError {
    Invalid,
    Declined,
}

impl std::fmt::Display for OrderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

impl From<Failure> for OrderError {
    fn from(_: Failure) -> Self {
        OrderError::Declined
    }
}

#[function]
async fn validate(order: Order) -> Result<Order, OrderError> {
    if order.amount == 0 {
        return Err(OrderError::Invalid);
    }
    Ok(order)
}

#[function]
async fn charge(order: Order) -> Result<u32, OrderError> {
    Ok(order.amount)
}

#[state_machine(timeout = "1h")]
async fn order(input: Order) -> Result<Receipt, OrderError> {
    let checked = validate(input.clone()).await?;
    if checked.amount > 1000 {
        return fail("Declined", "amount over the limit");
    }
    #[retry(on = [Declined], attempts = 2, interval = "1s")]
    let total = charge(checked.clone()).await?;
    Ok(Receipt { id: checked.id, total, approved: true })
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let receipt = <order as Workflow>::run_native(Order { id: "o-1".into(), amount: 5 }).await.unwrap();
    assert_eq!(receipt, Receipt { id: "o-1".into(), total: 5, approved: true });
    assert!(matches!(<order as Workflow>::run_native(Order { id: "o-2".into(), amount: 0 }).await, Err(OrderError::Invalid)));
    assert!(matches!(<order as Workflow>::run_native(Order { id: "o-3".into(), amount: 5000 }).await, Err(OrderError::Declined)));

    assert_eq!(<order as Workflow>::NAME, "order");
    let definition = <order as Workflow>::definition();
    assert_eq!(definition["TimeoutSeconds"], 3600);
    assert_eq!(definition["States"]["validate"]["Arguments"]["FunctionName"], "${function:validate}");
    assert_eq!(definition["States"]["charge"]["Retry"][0]["ErrorEquals"][0], "Declined");

    // The manifest fragment holds the same definition, its step names filled in at compile time.
    let fragments: Vec<serde_json::Value> = lambdaform::__private::MANIFEST
        .iter()
        .map(|bytes| serde_json::from_slice(bytes.strip_suffix(&[0]).unwrap()).unwrap())
        .collect();
    let machine = fragments.iter().find_map(|f| f.get("state_machine")).unwrap();
    assert_eq!(machine["name"], "order");
    assert_eq!(machine["kind"], "standard");
    assert_eq!(machine["definition"], definition);

    let options = lambdaform_asl::validate::Options { allow_substitutions: true, ..Default::default() };
    let problems = lambdaform_asl::validate::validate_with(&definition, &options);
    assert!(problems.is_empty(), "{problems:#?}");
}
