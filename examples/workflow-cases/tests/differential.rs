//! Every case machine on inputs that take each of its paths: the generated ASL (on the local executor, with
//! the real handlers in-process) and the Rust body must end alike and leave the same tables, topics and queues.

use std::fmt::Debug;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use lambdaform::testing::{same_result, workflow, Services, WorkflowTest};
use lambdaform::workflow::Workflow;
use lambdaform::FunctionError;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use workflow_cases::bulk::*;
use workflow_cases::data::*;
use workflow_cases::defaults::*;
use workflow_cases::machines::*;

fn world(s: &Services) -> Value {
    let published: Vec<String> = s.published("Events").into_iter().map(|p| p.message).collect();
    json!({"store": s.items("Store"), "events": published, "jobs": s.sent("Jobs"), "bus": s.events(), "started": s.started().len()})
}

/// Runs one case both ways; `None` when they agree, else what differed.
async fn disagreement<M>(make: impl Fn() -> WorkflowTest<M>, input: M::Input) -> Option<String>
where
    M: Workflow,
    M::Input: Serialize + Clone,
    M::Output: DeserializeOwned + PartialEq + Debug,
    M::Error: FunctionError,
{
    let asl = match make().run(input.clone()).await {
        Ok(outcome) => outcome,
        Err(e) => return Some(format!("the ASL did not run: {e}")),
    };
    let native = match make().run_native(input).await {
        Ok(outcome) => outcome,
        Err(e) => return Some(format!("the body did not run: {e}")),
    };
    if !same_result(&asl.result, &native.result) {
        return Some(format!("ASL {:?} vs Rust {:?}", asl.result, native.result));
    }
    let (a, n) = (world(&asl.services), world(&native.services));
    (a != n).then(|| format!("worlds differ: ASL {a} vs Rust {n}"))
}

struct Tally {
    ran: usize,
    failures: Vec<String>,
}

impl Tally {
    fn record(&mut self, label: &str, outcome: Option<String>) {
        self.ran += 1;
        if let Some(why) = outcome {
            self.failures.push(format!("{label}: {why}"));
        }
    }
}

macro_rules! case {
    ($tally:expr, $machine:ident, $input:expr) => {
        case!($tally, $machine, $input, workflow::<$machine>)
    };
    ($tally:expr, $machine:ident, $input:expr, $make:expr) => {{
        let label = format!("{} {}", stringify!($machine), serde_json::to_string(&$input).unwrap_or_default());
        let outcome = disagreement::<$machine>($make, $input).await;
        $tally.record(&label, outcome);
    }};
}

fn num(n: i64) -> Num {
    Num { n }
}

fn person(name: &str, age: i64, nickname: Option<&str>) -> Person {
    Person { name: name.into(), age, nickname: nickname.map(str::to_string) }
}

fn account(tier: Tier, seats: i64) -> Account {
    Account { id: "acct-1".into(), tier, seats }
}

fn batch(ns: &[i64]) -> Batch {
    Batch { items: ns.iter().map(|n| num(*n)).collect() }
}

fn answering(n: i64) -> WorkflowTest<callback_step> {
    workflow::<callback_step>().callback_answer(move || Ok(Num { n }))
}

fn refusing() -> WorkflowTest<callback_step> {
    workflow::<callback_step>()
        .callback_answer(|| Err::<Num, _>(("Refused".to_string(), "the reviewer said no".to_string())))
}

/// A test of `M` with objects in the `Inbox` bucket: three under `in/` (one too big), JSON arrays and a CSV file.
fn with_objects<M: Workflow>() -> WorkflowTest<M> {
    let test = workflow::<M>();
    let s = test.services();
    s.put_object("Inbox", "in/a.txt", "hello");
    s.put_object("Inbox", "in/b.txt", "x".repeat(2000));
    s.put_object("Inbox", "in/c.txt", "hey");
    s.put_object("Inbox", "nums.json", r#"[{"n": 1}, {"n": 2}]"#);
    s.put_object("Inbox", "one-bad.json", r#"[{"n": 1}, {"n": -2}, {"n": 3}]"#);
    s.put_object("Inbox", "two-bad.json", r#"[{"n": -1}, {"n": -2}, {"n": 3}]"#);
    s.put_object("Inbox", "not-a-list.json", r#"{"n": 1}"#);
    s.put_object("Inbox", "lines.csv", "id,name\n1,ann\n2,\"b, c\"\n");
    test
}

fn prefix(p: &str) -> Prefix {
    Prefix { prefix: p.into() }
}

fn object(key: &str) -> ObjectKey {
    ObjectKey { key: key.into() }
}

/// A test of `M` whose `flaky` fails with `Busy` `busy` times (counted across the run), then answers.
fn busy<M: Workflow>(busy: u32) -> impl Fn() -> WorkflowTest<M> {
    move || {
        let calls = Arc::new(AtomicU32::new(0));
        workflow::<M>().mock::<flaky>(move |x| {
            if calls.fetch_add(1, Ordering::SeqCst) < busy {
                return Err(BusyError::Busy);
            }
            Ok(Num { n: x.n + 100 })
        })
    }
}

/// A test of `M` whose `flaky` always refuses.
fn refused<M: Workflow>() -> WorkflowTest<M> {
    workflow::<M>().mock::<flaky>(|x| Err(BusyError::Refused(x.n)))
}

#[tokio::test]
async fn every_case_agrees() {
    let mut t = Tally { ran: 0, failures: Vec::new() };
    case!(t, one_step, num(21));
    case!(t, chain, num(5));
    case!(t, expressions, num(7));
    case!(t, expressions, num(60));
    case!(t, branch, num(11));
    case!(t, branch, num(10));
    case!(t, ranges, num(-3));
    case!(t, ranges, num(0));
    case!(t, ranges, num(9));
    case!(t, logic, person("ann", 30, None));
    case!(t, logic, person("root", 5, None));
    case!(t, logic, person("kid", 5, None));
    case!(t, literal_match, num(1));
    case!(t, literal_match, num(2));
    case!(t, literal_match, num(3));
    case!(t, enum_match, account(Tier::Free, 3));
    case!(t, enum_match, account(Tier::Pro, 3));
    case!(t, enum_match, account(Tier::Enterprise, 40));
    case!(t, option_match, person("ann", 30, Some("annie")));
    case!(t, option_match, person("ben", 30, None));
    case!(t, option_test, person("ann", 30, Some("annie")));
    case!(t, option_test, person("ben", 30, None));
    case!(t, propagate, num(4));
    case!(t, propagate, num(-4));
    case!(t, propagate, num(4000));
    case!(t, catch_variants, num(8));
    case!(t, catch_variants, num(-8));
    case!(t, catch_variants, num(8000));
    case!(t, catch_then_continue, num(3));
    case!(t, catch_then_continue, num(3000));
    case!(t, catch_then_continue, num(-3));
    case!(t, explicit_fail, num(13));
    case!(t, explicit_fail, num(12));
    case!(t, retried, num(5));
    case!(t, retried, num(5000));
    case!(t, retried, num(-5));
    case!(t, retry_then_catch, num(50));
    case!(t, retry_then_catch, num(5000));
    case!(t, parallel, num(6));
    case!(t, parallel_failure, num(6));
    case!(t, parallel_failure, num(-6));
    case!(t, parallel_caught, num(6));
    case!(t, parallel_caught, num(-6));
    case!(t, mapped, batch(&[1, 2, 3]));
    case!(t, mapped, batch(&[]));
    case!(t, mapped_checked, batch(&[1, 2, 3, 4]));
    case!(t, mapped_checked, batch(&[1, -2, 3]));
    case!(t, counted, batch(&[1, 2, 3]));
    case!(t, counted, batch(&[1]));
    case!(t, waits, num(1));
    case!(t, waits_for_input, Delay { seconds: 90 });
    case!(t, callback_step, num(2), || answering(21));
    case!(t, callback_step, num(2), refusing);
    case!(t, callback_step, num(-2), || answering(21));
    case!(t, table_put_get, Row { id: "r-1".into(), value: 7 });
    case!(t, table_update_delete, Row { id: "r-2".into(), value: 7 });
    case!(t, table_miss, Key { id: "nobody".into() });
    case!(t, publishes, person("ann", 30, Some("annie")));
    case!(t, sends, num(3));
    case!(t, emits, num(3));
    case!(t, nested_sync, num(5));
    case!(t, nested_async, num(5));
    case!(t, collects, num(4));
    case!(t, nested_branches, num(700));
    case!(t, nested_branches, num(7));
    case!(t, nested_branches, num(-7));
    case!(t, listed, prefix("in/a"), with_objects);
    case!(t, listed, prefix("in/"), with_objects);
    case!(t, listed, prefix("none/"), with_objects);
    case!(t, listed_tolerant, prefix("in/"), with_objects);
    case!(t, from_file, object("nums.json"), with_objects);
    case!(t, from_file, object("one-bad.json"), with_objects);
    case!(t, from_file, object("missing.json"), with_objects);
    case!(t, from_file, object("not-a-list.json"), with_objects);
    case!(t, from_file_tolerant, object("one-bad.json"), with_objects);
    case!(t, from_file_tolerant, object("two-bad.json"), with_objects);
    case!(t, from_csv, object("lines.csv"), with_objects);
    case!(t, distributed_strict, batch(&[1, 2]));
    case!(t, distributed_strict, batch(&[1, -2]));
    case!(t, distributed_tolerant, batch(&[1, -2, 3]));
    case!(t, distributed_tolerant, batch(&[-1, -2, 3]));
    case!(t, defaulted, num(1), busy(2));
    case!(t, defaulted, num(1), busy(3));
    case!(t, defaulted, num(-1));
    case!(t, overridden, num(1), busy(1));
    case!(t, overridden, num(1), busy(2));
    case!(t, defaulted_everywhere, batch(&[1, 2, 3]), busy(2));
    case!(t, joined_retry, num(4), busy(3));
    case!(t, joined_retry, num(4), busy(4));
    case!(t, join_caught, num(4));
    case!(t, join_caught, num(-4));
    case!(t, join_caught, num(4), refused);
    case!(t, join_caught, num(4000));
    println!("{} passed, {} failed", t.ran - t.failures.len(), t.failures.len());
    println!("differential cases: {} run, {} agree", t.ran, t.ran - t.failures.len());
    assert!(t.failures.is_empty(), "disagreements:\n{}", t.failures.join("\n"));
    assert!(t.ran >= 30);
}

/// What some of the new cases end with, so agreement is not agreement on a wrong answer.
#[tokio::test]
async fn distributed_maps_and_retry_defaults_end_as_aws_would() {
    let listed = with_objects::<listed>().run(prefix("in/")).await.unwrap();
    assert_eq!(listed.result.unwrap_err().error, "States.ExceedToleratedFailureThreshold");
    let tolerant = with_objects::<listed_tolerant>().run(prefix("in/")).await.unwrap().result.unwrap();
    assert_eq!(tolerant.len(), 3);
    assert!(matches!(&tolerant[1], lambdaform::workflow::Tolerated::Failed { error, .. } if error == "TooBig"));
    let missing = with_objects::<from_file>().run(object("missing.json")).await.unwrap();
    assert_eq!(missing.result.unwrap_err().error, "States.ItemReaderFailed");
    let csv = with_objects::<from_csv>().run(object("lines.csv")).await.unwrap().result.unwrap();
    assert_eq!(csv, ["1=ann", "2=b, c"]);

    let definition = <defaulted as Workflow>::definition();
    let task = &definition["States"]["flaky"];
    assert_eq!(
        task["Retry"],
        json!([{"ErrorEquals": ["Busy"], "IntervalSeconds": 3, "MaxAttempts": 2, "BackoffRate": 2.0}])
    );
    let retried = busy::<defaulted>(2)().run(num(1)).await.unwrap();
    assert_eq!(retried.calls("flaky"), 3);
    assert_eq!(retried.result.unwrap(), num(101));
    let native = busy::<defaulted>(2)().run_native(num(1)).await.unwrap();
    assert_eq!(native.slept.as_secs(), 3 + 6);
    let over = busy::<overridden>(2)().run(num(1)).await.unwrap();
    assert_eq!(over.calls("flaky"), 2);
    assert_eq!(over.result.unwrap_err().error, "Busy");
}
