//! The compiler on token input: each case's body → its expected ASL (references rendered by name).

use serde_json::{json, Value};

use super::*;

/// The definition `#[state_machine(attr)]` makes of `item`, or every error message.
pub fn compile_to_json(attr: &str, item: &str) -> Result<Value, Vec<String>> {
    let mut f: syn::ItemFn = syn::parse_str(item).map_err(|e| vec![e.to_string()])?;
    let mut errors = Errors::default();
    let settings = attrs::parse(attr.parse().map_err(|e: proc_macro2::LexError| vec![e.to_string()])?, &mut errors);
    attrs::triggers(&mut f, &mut errors);
    let mut lowering = lower::Lowering {
        names: names::Names::default(),
        errors: &mut errors,
        checks: TokenStream::new(),
        express: settings.kind.0 == MachineKind::Express,
        unbounded: Vec::new(),
        steps_module: expand::steps_module(&f.sig.ident),
        steps: Vec::new(),
    };
    let workflow = lowering.workflow(&mut f);
    let messages = |e: &Errors| e.to_compile_errors().to_string();
    match workflow {
        Some(w) if errors.is_empty() => {
            if limits::history_bound(&w).is_some_and(|b| b > limits::MAX_HISTORY_EVENTS) {
                return Err(vec!["history".into()]);
            }
            let d = asl::definition(&w, "test", settings.timeout.map(|t| t.0));
            Ok(asl::render_for_tests(&d))
        }
        _ => Err(vec![messages(&errors)]),
    }
}

/// Compiles `item` and checks the definition with the ASL validator (placeholders allowed, as in a template).
fn ok_with(attr: &str, item: &str) -> Value {
    let def = compile_to_json(attr, item).unwrap_or_else(|e| panic!("{e:?}"));
    let express = attr.contains("express");
    let options = lambdaform_asl::validate::Options {
        kind: if express { lambdaform_asl::validate::MachineKind::Express } else { Default::default() },
        allow_substitutions: true,
    };
    let problems = lambdaform_asl::validate::validate_with(&def, &options);
    assert!(problems.is_empty(), "{problems:#?}\n{def:#}");
    def
}

fn ok(item: &str) -> Value {
    ok_with("", item)
}

fn err_with(attr: &str, item: &str) -> String {
    match compile_to_json(attr, item) {
        Ok(v) => panic!("compiled: {v:#}"),
        Err(e) => e.join("\n"),
    }
}

fn err(item: &str) -> String {
    err_with("", item)
}

#[test]
fn a_step_then_success() {
    let def = ok("async fn order(input: Order) -> Result<Receipt, E> {
        let checked = validate(input.clone()).await?;
        Ok(Receipt { id: checked.id, total: checked.amount * 2 })
    }");
    assert_eq!(
        def,
        json!({
            "Comment": "test",
            "QueryLanguage": "JSONata",
            "StartAt": "Start",
            "States": {
                "Start": {"Type": "Pass", "Assign": {"input": "{% $states.input %}"}, "Next": "validate"},
                "validate": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::lambda:invoke",
                    "Arguments": {"FunctionName": "${function:validate}", "Payload": "{% $input %}"},
                    "Output": "{% $states.result.Payload %}",
                    "Assign": {"checked": "{% $states.result.Payload %}"},
                    "Next": "Succeed"
                },
                "Succeed": {"Type": "Succeed", "Output": "{% {'id': $checked.id, 'total': $checked.amount * 2} %}"}
            }
        })
    );
}

#[test]
fn if_else_if_else_is_one_choice_with_a_default() {
    let def = ok("async fn w(input: Order) -> Result<u32, E> {
        if input.amount > 1000 {
            return fail(\"TooBig\", \"over the limit\");
        } else if input.amount == 0 && !input.free {
            return fail(\"Empty\", format!(\"order {} is empty\", input.id));
        } else {
            let r = charge(input).await?;
            Ok(r)
        }
    }");
    let choice = &def["States"]["If input.amount > 1000"];
    assert_eq!(choice["Type"], "Choice");
    assert_eq!(choice["Choices"][0], json!({"Condition": "{% $input.amount > 1000 %}", "Next": "Fail TooBig"}));
    assert_eq!(
        choice["Choices"][1],
        json!({"Condition": "{% $input.amount = 0 and $not($input.free) %}", "Next": "Fail Empty"})
    );
    assert_eq!(choice["Default"], "charge");
    assert_eq!(def["States"]["Fail TooBig"], json!({"Type": "Fail", "Error": "TooBig", "Cause": "over the limit"}));
    assert_eq!(def["States"]["Fail Empty"]["Cause"], "{% 'order ' & $string($input.id) & ' is empty' %}");
}

#[test]
fn an_if_without_else_rejoins_after_it() {
    let def = ok("async fn w(input: Order) -> Result<u32, E> {
        if input.rush {
            let _ = notify(input.clone()).await?;
        }
        let r = charge(input).await?;
        Ok(r)
    }");
    let choice = &def["States"]["If input.rush"];
    assert_eq!(choice["Choices"][0]["Next"], "notify");
    assert_eq!(choice["Default"], "charge");
    assert_eq!(def["States"]["notify"]["Next"], "charge");
    assert!(def["States"]["notify"].get("Assign").is_none());
}

#[test]
fn match_on_an_enum_follows_external_tagging() {
    let def = ok("async fn w(input: Order) -> Result<u32, E> {
        match input.kind {
            Kind::Digital => Ok(0),
            Kind::Gift(note) => Ok(1),
            Kind::Physical { weight, .. } => Ok(2),
        }
    }");
    let choice = &def["States"]["Match input.kind"];
    assert_eq!(choice["Choices"][0], json!({"Condition": "{% $input.kind = 'Digital' %}", "Next": "Succeed"}));
    assert_eq!(
        choice["Choices"][1],
        json!({"Condition": "{% $exists($input.kind.Gift) %}", "Next": "Succeed (2)", "Assign": {"note": "{% $input.kind.Gift %}"}})
    );
    // The last arm of an exhaustive match is the default; its binding goes through a Pass state.
    assert_eq!(choice["Default"], "Match input.kind (bind)");
    assert_eq!(
        def["States"]["Match input.kind (bind)"]["Assign"],
        json!({"weight": "{% $input.kind.Physical.weight %}"})
    );
}

#[test]
fn match_on_option_and_literals() {
    let def = ok("async fn w(input: Order) -> Result<String, E> {
        let label = match input.coupon {
            Some(code) => code,
            None => \"none\".to_string(),
        };
        let tier = match input.count {
            0 => \"empty\",
            1 | 2 => \"small\",
            _ => \"large\",
        };
        Ok(format!(\"{label}/{tier}\"))
    }");
    let states = &def["States"];
    assert_eq!(
        states["Match input.coupon"]["Choices"][0]["Condition"],
        "{% ($exists($input.coupon) and $input.coupon != null) %}"
    );
    assert_eq!(states["Match input.coupon"]["Choices"][0]["Assign"], json!({"code": "{% $input.coupon %}"}));
    assert_eq!(states["Set label"]["Assign"], json!({"label": "{% $code %}"}));
    assert_eq!(
        states["Match input.count"]["Choices"][1]["Condition"],
        "{% ($input.count = 1) or ($input.count = 2) %}"
    );
    assert_eq!(states["Succeed"]["Output"], "{% $string($label) & '/' & $string($tier) %}");
}

#[test]
fn matching_a_step_error_is_a_catch() {
    let def = ok("async fn w(input: Order) -> Result<Receipt, E> {
        match reserve(input.clone()).await {
            Ok(r) => Ok(r),
            Err(StockError::OutOfStock | StockError::Discontinued) => fail(\"Unavailable\", \"no stock\"),
            Err(_) => {
                let _ = refund(input).await?;
                fail(\"Failed\", \"reserve failed\")
            }
        }
    }");
    let task = &def["States"]["reserve"];
    assert_eq!(task["Assign"], json!({"r": "{% $states.result.Payload %}"}));
    assert_eq!(task["Next"], "Succeed");
    assert_eq!(
        task["Catch"],
        json!([
            {"ErrorEquals": ["OutOfStock", "Discontinued"], "Next": "Fail Unavailable"},
            {"ErrorEquals": ["States.ALL"], "Next": "refund"}
        ])
    );
    assert_eq!(def["States"]["refund"]["Next"], "Fail Failed");
}

#[test]
fn a_caught_error_can_supply_a_value() {
    let def = ok("async fn w(input: Order) -> Result<u32, E> {
        let stock = match lookup(input).await {
            Ok(n) => n,
            Err(LookupError::NotFound) => 0,
        };
        Ok(stock)
    }");
    let states = &def["States"];
    assert_eq!(states["lookup"]["Catch"][0], json!({"ErrorEquals": ["NotFound"], "Next": "Set stock (2)"}));
    assert_eq!(states["Set stock"]["Assign"], json!({"stock": "{% $n %}"}));
    assert_eq!(states["Set stock (2)"]["Assign"], json!({"stock": "{% 0 %}"}));
    assert_eq!(states["Set stock"]["Next"], "Succeed");
    assert_eq!(states["Set stock (2)"]["Next"], "Succeed");
}

#[test]
fn retry_has_every_field() {
    let def = ok("async fn w(input: Order) -> Result<u32, E> {
        #[retry(on = [Timeout, Throttled], attempts = 3, interval = \"2s\", backoff = 2.5, max_delay = \"30s\", jitter)]
        let r = charge(input).await?;
        Ok(r)
    }");
    assert_eq!(
        def["States"]["charge"]["Retry"],
        json!([{"ErrorEquals": ["Timeout", "Throttled"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2.5,
            "MaxDelaySeconds": 30, "JitterStrategy": "FULL"}])
    );
    let def = ok("async fn w(input: Order) -> Result<u32, E> {
        #[retry]
        let r = charge(input).await?;
        Ok(r)
    }");
    assert_eq!(
        def["States"]["charge"]["Retry"],
        json!([{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 3, "BackoffRate": 2.0}])
    );
}

#[test]
fn bad_retry_settings_are_reported_together() {
    let e = err("async fn w(input: Order) -> Result<u32, E> {
        #[retry(on = [], attempts = many, interval = \"0s\", backoff = 0.5, max_delay = 0, jitter = true, tries = 3)]
        let r = charge(input).await?;
        Ok(r)
    }");
    for part in [
        "`on` needs at least one",
        "`attempts` takes a whole number",
        "`interval` is 1 to",
        "`backoff`",
        "`max_delay` is 1 to",
        "`jitter` is a flag",
        "unknown key `tries`",
    ] {
        assert!(e.contains(part), "{part}: {e}");
    }
}

#[test]
fn join_is_a_parallel_state() {
    let def = ok("async fn w(input: Order) -> Result<Receipt, E> {
        let (paid, _) = join!(charge(input.clone()), reserve(input.items)).await?;
        Ok(Receipt { paid })
    }");
    let p = &def["States"]["Parallel charge, reserve"];
    assert_eq!(p["Type"], "Parallel");
    assert_eq!(p["Assign"], json!({"paid": "{% $states.result[0] %}"}));
    assert_eq!(p["Branches"][1]["StartAt"], "reserve");
    assert_eq!(
        p["Branches"][1]["States"]["reserve"],
        json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Arguments": {"FunctionName": "${function:reserve}", "Payload": "{% $input.items %}"},
            "Output": "{% $states.result.Payload %}", "End": true})
    );
}

#[test]
fn map_over_items_with_a_step() {
    let def = ok("async fn w(input: Order) -> Result<Vec<Shipment>, E> {
        let shipped = map(input.lines, ship).max_concurrency(10).await?;
        Ok(shipped)
    }");
    let m = &def["States"]["Map ship"];
    assert_eq!(m["Items"], "{% $input.lines %}");
    assert_eq!(m["MaxConcurrency"], 10);
    assert_eq!(m["ItemProcessor"]["ProcessorConfig"], json!({"Mode": "INLINE"}));
    assert_eq!(m["ItemProcessor"]["States"]["ship"]["Arguments"]["Payload"], "{% $states.input %}");
    assert_eq!(m["Assign"], json!({"shipped": "{% $states.result %}"}));
}

#[test]
fn a_distributed_map_runs_child_executions_and_keeps_the_history_bounded() {
    let item = "async fn w(input: Order) -> Result<Vec<Shipment>, E> {
        let shipped = map(input.lines, ship).distributed().max_concurrency(100).await?;
        Ok(shipped)
    }";
    let def = ok(item);
    let m = &def["States"]["Map ship"];
    assert_eq!(m["ItemProcessor"]["ProcessorConfig"], json!({"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}));
    assert_eq!(m["MaxConcurrency"], 100);
    assert_eq!(limits::history_bound(&compile_workflow(item)), Some(2 + 2 + 4 + 2));
    assert!(err_with("kind = express", item).contains("an Express state machine cannot run a distributed Map"));
}

#[test]
fn sleeps_are_waits() {
    let def = ok("async fn w(input: Order) -> Result<u32, E> {
        sleep(Duration::from_secs(90)).await;
        sleep(Duration::from_mins(input.delay)).await;
        sleep_until(input.deliver_at).await?;
        Ok(1)
    }");
    let s = &def["States"];
    assert_eq!(s["Wait 90s"], json!({"Type": "Wait", "Seconds": 90, "Next": "Wait ($input.delay) * 60 s"}));
    assert_eq!(s["Wait ($input.delay) * 60 s"]["Seconds"], "{% ($input.delay) * 60 %}");
    assert_eq!(s["Wait until $input.deliver_at"]["Timestamp"], "{% $input.deliver_at %}");
}

#[test]
fn callbacks_wait_for_the_task_token() {
    let def = ok("async fn w(input: Order) -> Result<Approval, E> {
        let approval = callback(request_approval, input).heartbeat(3600).timeout(86400).await?;
        Ok(approval)
    }");
    assert_eq!(
        def["States"]["request_approval (callback)"],
        json!({
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
            "Arguments": {"FunctionName": "${function:request_approval}",
                "Payload": "{% {'token': $states.context.Task.Token, 'input': $input} %}"},
            "HeartbeatSeconds": 3600,
            "TimeoutSeconds": 86400,
            "Output": "{% $states.result %}",
            "Assign": {"approval": "{% $states.result %}"},
            "Next": "Succeed"
        })
    );
}

#[test]
fn express_machines_refuse_callbacks_and_sync_starts() {
    let e = err_with(
        "kind = express",
        "async fn w(input: Order) -> Result<u32, E> {
        let a = callback(approve, input.clone()).await?;
        let b = start_sync::<billing>(input).await?;
        Ok(a)
    }",
    );
    assert!(e.contains("an Express state machine cannot wait for a callback"), "{e}");
    assert!(e.contains("an Express state machine cannot wait for a nested execution"), "{e}");
    let def = ok_with(
        "kind = express, timeout = \"5m\"",
        "async fn w(input: Order) -> Result<u32, E> {
        let a = charge(input.clone()).await?;
        start::<billing>(input).await?;
        Ok(a)
    }",
    );
    assert_eq!(def["TimeoutSeconds"], 300);
    assert_eq!(def["States"]["Start billing"]["Resource"], "arn:aws:states:::states:startExecution");
}

#[test]
fn service_integrations_name_their_resources() {
    let def = ok("async fn w(input: Order) -> Result<u32, E> {
        Orders::put(input.clone()).await?;
        let found: Option<Order> = Orders::get(Key { id: input.id.clone() }).await?;
        Orders::update(Key { id: input.id.clone() }, Status { state: \"paid\" }).await?;
        Orders::delete(Key { id: input.id.clone() }).await?;
        Alerts::publish(input.clone()).await?;
        Jobs::send(vec![input.id.clone()]).await?;
        put_events(\"shop.orders\", \"OrderPaid\", input.clone()).await?;
        let child = start_sync::<billing>(input).await?;
        Ok(child)
    }");
    let s = &def["States"];
    assert_eq!(s["Orders.put"]["Resource"], "arn:aws:states:::dynamodb:putItem");
    assert_eq!(s["Orders.put"]["Arguments"]["TableName"], "${table:Orders}");
    assert_eq!(s["Orders.get"]["Resource"], "arn:aws:states:::dynamodb:getItem");
    assert!(s["Orders.get"]["Assign"]["found"].as_str().unwrap().contains("$unmarshal"));
    assert_eq!(s["Orders.update"]["Resource"], "arn:aws:states:::dynamodb:updateItem");
    assert_eq!(s["Orders.delete"]["Resource"], "arn:aws:states:::dynamodb:deleteItem");
    assert_eq!(
        s["Alerts.publish"]["Arguments"],
        json!({"TopicArn": "${topic:Alerts}", "Message": "{% $string($input) %}"})
    );
    assert_eq!(
        s["Jobs.send"]["Arguments"],
        json!({"QueueUrl": "${queue:Jobs}", "MessageBody": "{% $string([$input.id]) %}"})
    );
    assert_eq!(
        s["PutEvents"]["Arguments"]["Entries"][0],
        json!({"Source": "{% 'shop.orders' %}", "DetailType": "{% 'OrderPaid' %}", "Detail": "{% $input %}"})
    );
    assert_eq!(s["Run billing"]["Resource"], "arn:aws:states:::states:startExecution.sync:2");
    assert_eq!(s["Run billing"]["Arguments"]["StateMachineArn"], "${state_machine:billing}");
    assert_eq!(s["Run billing"]["Assign"], json!({"child": "{% $states.result.Output %}"}));
}

#[test]
fn state_names_are_unique_and_readable() {
    let def = ok("async fn w(input: Order) -> Result<u32, E> {
        let a = validate(input.clone()).await?;
        let b = validate(input).await?;
        Ok(a + b)
    }");
    let names: Vec<&String> = def["States"].as_object().unwrap().keys().collect();
    assert_eq!(names, ["Start", "validate", "validate (2)", "Succeed"]);
}

#[test]
fn unsupported_constructs_say_what_to_write() {
    let cases = [
        ("for x in input.items { let _ = ship(x).await?; }", "loops have no ASL form here"),
        ("let f = |x: u32| x + 1;", "this expression has no ASL equivalent"),
        ("let n = input.name.trim();", "`.trim()` has no ASL equivalent"),
        ("let half = input.amount / 2;", "`/` differs"),
        ("let x = LIMIT;", "`LIMIT` is not a variable of the workflow"),
        ("let r = helper(input.clone()).await;", "a step call is `step(x).await?`"),
        ("let r = input.fetch().await?;", "a workflow awaits only steps"),
        ("let x;", "give the variable its value"),
        ("let Some(x) = input.coupon else { return fail(\"E\", \"c\") };", "`let ... else` has no ASL form"),
        ("let string = input.id.clone();", "`string` names a JSONata function"),
        ("fn helper() {}", "declare items outside the workflow body"),
    ];
    for (stmt, message) in cases {
        let e = err(&format!("async fn w(input: Order) -> Result<u32, E> {{ {stmt} Ok(1) }}"));
        assert!(e.contains(message), "{stmt}: {e}");
    }
    let e = err("async fn w(input: Order) -> Result<u32, E> { let r = charge(input).await?; Err(r) }");
    assert!(e.contains("end the workflow with an error through `fail"), "{e}");
    let e = err("async fn w(a: u32, b: u32) -> Result<u32, E> { Ok(a) }");
    assert!(e.contains("exactly one parameter"), "{e}");
}

#[test]
fn history_bound_is_checked() {
    let e = err("async fn w(input: Order) -> Result<u32, E> {
        #[retry(attempts = 9000)]
        let r = charge(input).await?;
        Ok(r)
    }");
    assert_eq!(e, "history");
    let w = compile_workflow(
        "async fn w(input: Order) -> Result<u32, E> {
        let r = charge(input).await?;
        let s = map(vec![1, 2, 3], ship).await?;
        Ok(r)
    }",
    );
    // Execution 2 + Start 2 + task 5 + Map (4 + 3 items × 7) + Succeed 2.
    assert_eq!(limits::history_bound(&w), Some(2 + 2 + 5 + 4 + 3 * 7 + 2));
    let w = compile_workflow(
        "async fn w(input: Order) -> Result<u32, E> {
        let s = map(input.items, ship).await?;
        Ok(1)
    }",
    );
    assert_eq!(limits::history_bound(&w), None);
}

fn compile_workflow(item: &str) -> ir::Workflow {
    lowered(item).0
}

#[test]
fn machine_settings_are_checked() {
    let item = "async fn w(input: Order) -> Result<u32, E> { Ok(1) }";
    assert!(err_with("kind = sometimes", item).contains("`kind` must be one of: standard, express"));
    assert!(
        err_with("kind = express, timeout = \"1h\"", item).contains("an Express state machine runs 1 to 300 seconds")
    );
    let e = err_with("timeout = \"soon\"", item);
    assert!(e.contains("soon"), "{e}");
    assert!(err_with("name = \"has spaces\"", item).contains("state machine name"));
    assert!(err_with("retries = 3", item).contains("unknown key `retries` in #[state_machine]"));
    let def = ok_with("name = \"orders-v2\", timeout = 120", item);
    assert_eq!(def["TimeoutSeconds"], 120);
}

#[test]
fn triggers_other_than_starting_ones_are_refused() {
    let e = err("#[sqs(queue = Jobs)] async fn w(input: Order) -> Result<u32, E> { Ok(1) }");
    assert!(e.contains("#[sqs] cannot start a state machine"), "{e}");
    ok("#[schedule(rate = \"1 hour\")] async fn w(input: Order) -> Result<u32, E> { Ok(1) }");
}

/// Runs a compiled definition on the ASL executor; `lambda` answers each `lambda:invoke` by function name.
async fn run(
    def: Value,
    input: Value,
    lambda: fn(&str, &Value) -> Result<Value, &'static str>,
) -> lambdaform_asl::exec::ExecutionResult {
    use lambdaform_asl::exec::{Executor, TaskOutcome, TaskRequest};
    use std::sync::{Arc, Mutex};
    let machine: lambdaform_asl::model::StateMachine = serde_json::from_value(def).unwrap();
    let table: Arc<Mutex<Vec<Value>>> = Arc::default();
    let resolver = move |req: TaskRequest| -> futures_like::BoxFuture {
        let table = table.clone();
        let outcome = if req.resource.contains(":dynamodb:putItem") {
            table.lock().unwrap().push(req.payload["Item"].clone());
            TaskOutcome::Success(json!({}))
        } else if req.resource.contains(":dynamodb:getItem") {
            let key = req.payload["Key"].as_object().unwrap().clone();
            let found = table.lock().unwrap().iter().rev().find(|i| key.iter().all(|(k, v)| &i[k] == v)).cloned();
            TaskOutcome::Success(found.map_or(json!({}), |item| json!({"Item": item})))
        } else {
            let name = req.payload["FunctionName"].as_str().unwrap().to_string();
            match lambda(&name, &req.payload["Payload"]) {
                Ok(v) => TaskOutcome::Success(json!({"Payload": v})),
                Err(e) => TaskOutcome::Failure { error: Some(e.into()), cause: Some("failed".into()) },
            }
        };
        Box::pin(async move { outcome })
    };
    Executor::new(machine, resolver).start(input).await
}

mod futures_like {
    pub type BoxFuture = std::pin::Pin<Box<dyn std::future::Future<Output = lambdaform_asl::exec::TaskOutcome> + Send>>;
}

#[tokio::test]
async fn table_items_round_trip_through_dynamodb_attribute_values() {
    let def = ok("async fn w(input: Order) -> Result<Order, E> {
        Orders::put(input.clone()).await?;
        let found: Option<Order> = Orders::get(Key { id: input.id.clone() }).await?;
        let missing: Option<Order> = Orders::get(Key { id: \"nope\" }).await?;
        Ok(Both { found, missing })
    }");
    let order = json!({"id": "o-1", "amount": 12.5, "paid": true, "note": null, "lines": [{"sku": "a", "n": 2}], "tags": ["x"]});
    let result = run(def, order.clone(), |_, _| Err("unexpected")).await;
    assert_eq!(result.error, None, "{:?}", result.cause);
    assert_eq!(result.output.unwrap(), json!({"found": order, "missing": null}));
}

#[tokio::test]
async fn catches_and_choices_take_the_path_native_code_would() {
    let def = ok("async fn w(input: Order) -> Result<u32, E> {
        let stock = match lookup(input.clone()).await {
            Ok(n) => n,
            Err(LookupError::NotFound) => 0,
        };
        if stock < input.amount {
            return fail(\"OutOfStock\", format!(\"{} left\", stock));
        }
        Ok(stock - input.amount)
    }");
    fn lambda(name: &str, payload: &Value) -> Result<Value, &'static str> {
        match (name, payload["id"].as_str()) {
            ("${function:lookup}", Some("known")) => Ok(json!(10)),
            ("${function:lookup}", _) => Err("NotFound"),
            _ => Err("unexpected"),
        }
    }
    let r = run(def.clone(), json!({"id": "known", "amount": 3}), lambda).await;
    assert_eq!(r.output, Some(json!(7)));
    let r = run(def.clone(), json!({"id": "known", "amount": 30}), lambda).await;
    assert_eq!((r.error.as_deref(), r.cause.as_deref()), (Some("OutOfStock"), Some("10 left")));
    let r = run(def, json!({"id": "other", "amount": 1}), lambda).await;
    assert_eq!((r.error.as_deref(), r.cause.as_deref()), (Some("OutOfStock"), Some("0 left")));
}

#[test]
fn a_bucket_feeds_a_distributed_map_through_its_item_reader() {
    let def = ok("async fn w(input: Order) -> Result<u32, E> {
        let sizes = Uploads::map_objects(input.prefix, measure).max_concurrency(10).tolerated_failures(2).await?;
        let rows = Uploads::map_file(\"batch.json\", process).tolerated_failure_percentage(12.5).await?;
        let lines = Uploads::map_csv(input.key, process).await?;
        Ok(1)
    }");
    let s = &def["States"];
    let objects = &s["Map measure"];
    assert_eq!(
        objects["ItemReader"],
        json!({"Resource": "arn:aws:states:::s3:listObjectsV2", "Arguments": {"Bucket": "${bucket:Uploads}", "Prefix": "{% $input.prefix %}"}})
    );
    assert_eq!(objects["ItemProcessor"]["ProcessorConfig"]["Mode"], "DISTRIBUTED");
    assert_eq!((objects["MaxConcurrency"].clone(), objects["ToleratedFailureCount"].clone()), (json!(10), json!(2)));
    assert!(objects.get("Items").is_none());
    let file = &s["Map process"];
    assert_eq!(
        file["ItemReader"],
        json!({"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"}, "Arguments": {"Bucket": "${bucket:Uploads}", "Key": "{% 'batch.json' %}"}})
    );
    assert_eq!(file["ToleratedFailurePercentage"], 12.5);
    assert_eq!(
        s["Map process (2)"]["ItemReader"]["ReaderConfig"],
        json!({"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"})
    );
}

#[test]
fn tolerated_failures_need_a_distributed_map() {
    let e = err("async fn w(input: Order) -> Result<u32, E> {
        let r = map(input.lines, ship).tolerated_failures(1).await?;
        Ok(1)
    }");
    assert!(e.contains("tolerated failures are a distributed Map's"), "{e}");
    let e = err("async fn w(input: Order) -> Result<u32, E> {
        let r = map(input.lines, ship).distributed().tolerated_failure_percentage(150).await?;
        Ok(1)
    }");
    assert!(e.contains("from 0 to 100"), "{e}");
    let e = err_with(
        "kind = express",
        "async fn w(input: Order) -> Result<u32, E> {
        let r = Uploads::map_objects(\"in/\", ship).await?;
        Ok(1)
    }",
    );
    assert!(e.contains("cannot run a distributed Map"), "{e}");
}

#[test]
fn join_branches_take_their_own_retry_and_catches_by_variant() {
    let def = ok("async fn w(input: Order) -> Result<u32, E> {
        match join!(#[retry(on = [Busy], attempts = 4)] charge(input.clone()), reserve(input.clone())).await {
            Ok((a, b)) => Ok(1),
            Err(PayError::Declined | StockError::OutOfStock) => Ok(2),
            Err(_) => Ok(3),
        }
    }");
    let p = &def["States"]["Parallel charge, reserve"];
    let charge = &p["Branches"][0]["States"]["charge"];
    assert_eq!(charge["Retry"][0]["ErrorEquals"], json!(["Busy"]));
    assert_eq!(charge["Retry"][0]["MaxAttempts"], 4);
    assert!(p["Branches"][1]["States"]["reserve"].get("Retry").is_none());
    assert_eq!(p["Catch"][0]["ErrorEquals"], json!(["Declined", "OutOfStock"]));
    assert_eq!(p["Catch"][1]["ErrorEquals"], json!(["States.ALL"]));
    // Each retry attempt of a branch counts in the history bound.
    let plain = "async fn w(input: Order) -> Result<u32, E> {
        let (a, b) = join!(charge(input.clone()), reserve(input.clone())).await?;
        Ok(1)
    }";
    let retried = plain.replace("join!(charge", "join!(#[retry(attempts = 5)] charge");
    let bound = |item: &str| limits::history_bound(&compile_workflow(item)).unwrap_or_default();
    assert_eq!(bound(&retried) - bound(plain), 5 * 3);
}

#[test]
fn a_step_task_without_its_own_retry_carries_the_default_as_a_spliced_field() {
    let item = "async fn w(input: Order) -> Result<u32, E> {
        let a = charge(input.clone()).await?;
        #[retry(attempts = 1)]
        let b = charge(input).await?;
        Ok(1)
    }";
    let (w, steps) = lowered(item);
    let d = asl::definition(&w, "test", None);
    let text = serde_json::to_string(&d.json).unwrap();
    let pieces = asl::pieces(&text, &d.refs);
    let kinds: Vec<&str> = pieces
        .iter()
        .filter_map(|p| match p {
            asl::Piece::Ref(r) => Some(r.kind),
            asl::Piece::Text(_) => None,
        })
        .collect();
    // Only the first call takes the default; the second has its own #[retry].
    assert_eq!(kinds, ["function", asl::RETRY_KIND, "function"]);
    // The splice takes the marker key whole: the text around it joins into valid JSON for any default.
    let joined = |default: &str| {
        pieces
            .iter()
            .map(|p| match p {
                asl::Piece::Text(t) => t.clone(),
                asl::Piece::Ref(r) if r.kind == asl::RETRY_KIND => default.to_string(),
                asl::Piece::Ref(_) => "charge".to_string(),
            })
            .collect::<String>()
    };
    let without: Value = serde_json::from_str(&joined("")).unwrap();
    assert!(without["States"]["charge"].get("Retry").is_none());
    let with: Value = serde_json::from_str(&joined(r#","Retry":[{"ErrorEquals":["Busy"]}]"#)).unwrap();
    assert_eq!(with["States"]["charge"]["Retry"][0]["ErrorEquals"], json!(["Busy"]));
    assert_eq!(with["States"]["charge (2)"]["Retry"][0]["MaxAttempts"], 1);
    // Both calls name the same step, resolved once.
    assert_eq!(steps, 1);
}

/// The workflow of `item` and how many step constants it needs.
fn lowered(item: &str) -> (ir::Workflow, usize) {
    let mut f: syn::ItemFn = syn::parse_str(item).unwrap();
    let mut errors = Errors::default();
    let mut lowering = lower::Lowering {
        names: names::Names::default(),
        errors: &mut errors,
        checks: TokenStream::new(),
        express: false,
        unbounded: Vec::new(),
        steps_module: expand::steps_module(&f.sig.ident),
        steps: Vec::new(),
    };
    let w = lowering.workflow(&mut f).unwrap();
    (w, lowering.steps.len())
}
