//! Workflow IR → ASL JSON (JSONata query language). States are emitted in source order; each statement's
//! `Next` is the first state of what follows it. A reference to a function, resource or machine is written as a
//! placeholder whose name is a sentinel, replaced by the name constant at compile time (see `expand`).

use serde_json::{json, Map, Value as Json};

use super::ir::*;

/// The marker around a reference's index inside a placeholder: a control character cannot occur in a name.
pub const SENTINEL: char = '\u{1}';

const LAMBDA_INVOKE: &str = "arn:aws:states:::lambda:invoke";

pub struct Definition {
    pub json: Json,
    /// The references, indexed by their sentinels.
    pub refs: Vec<Ref>,
}

pub fn definition(w: &Workflow, comment: &str, timeout: Option<u32>) -> Definition {
    let mut gen = Gen { refs: Vec::new() };
    let mut states = Map::new();
    let first = first_of(&w.body).unwrap_or_default();
    states.insert(
        w.start_name.clone(),
        json!({"Type": "Pass", "Assign": {w.param.clone(): "{% $states.input %}"}, "Next": first}),
    );
    gen.block(&w.body, None, &mut states);
    let mut machine = Map::new();
    machine.insert("Comment".into(), comment.into());
    machine.insert("QueryLanguage".into(), "JSONata".into());
    machine.insert("StartAt".into(), w.start_name.clone().into());
    machine.insert("States".into(), Json::Object(states));
    if let Some(t) = timeout {
        machine.insert("TimeoutSeconds".into(), t.into());
    }
    Definition { json: Json::Object(machine), refs: gen.refs }
}

/// The placeholder kind of a step's retry default: the Task gets a key `"<sentinel>i<sentinel>": null` as its
/// last field, which stands for the whole `,"Retry":[..]` field (`Step::RETRY_ASL`), or for nothing.
pub const RETRY_KIND: &str = "retry";

/// A piece of a definition's (or fragment's) JSON text: literal text, or a reference's constant.
pub enum Piece<'a> {
    Text(String),
    Ref(&'a Ref),
}

/// `text` cut at each sentinel. A retry reference also takes its key's `,"` and `":null` from the text around
/// it, so that its constant is the whole field.
pub fn pieces<'a>(text: &str, refs: &'a [Ref]) -> Vec<Piece<'a>> {
    let marker = format!("\\u{:04x}", SENTINEL as u32);
    let mut out = Vec::new();
    let mut split = text.split(marker.as_str());
    let mut literal = split.next().unwrap_or_default().to_string();
    while let (Some(index), Some(mut rest)) = (split.next(), split.next()) {
        if let Some(r) = index.parse::<usize>().ok().and_then(|i| refs.get(i)) {
            if r.kind == RETRY_KIND {
                literal = literal.strip_suffix(",\"").unwrap_or(&literal).to_string();
                rest = rest.strip_prefix("\":null").unwrap_or(rest);
            }
            out.push(Piece::Text(std::mem::take(&mut literal)));
            out.push(Piece::Ref(r));
        }
        literal.push_str(rest);
    }
    out.push(Piece::Text(literal));
    out
}

/// The definition with every reference named by its path's last segment and no retry defaults: what tests compare.
#[cfg(test)]
pub fn render_for_tests(d: &Definition) -> Json {
    let text = serde_json::to_string(&d.json).unwrap_or_default();
    let mut out = String::new();
    for piece in pieces(&text, &d.refs) {
        match piece {
            Piece::Text(t) => out.push_str(&t),
            Piece::Ref(r) if r.kind == RETRY_KIND => {}
            Piece::Ref(r) => out.push_str(&r.display),
        }
    }
    serde_json::from_str(&out).unwrap_or(Json::Null)
}

fn template(expr: &str) -> Json {
    Json::String(format!("{{% {expr} %}}"))
}

/// The name of the first state of `block`, or `None` when it is empty.
fn first_of(block: &[Stmt]) -> Option<String> {
    block.first().map(|s| match s {
        Stmt::Let { value, .. } => match value {
            Value::Expr { name, .. } => name.clone(),
            Value::Action(a) => a.name.clone(),
            Value::Choice(c) => c.name.clone(),
            Value::Try(t) => t.action.name.clone(),
        },
        Stmt::Choice(c) => c.name.clone(),
        Stmt::Try(t) => t.action.name.clone(),
        Stmt::Return { name, .. } | Stmt::Fail { name, .. } => name.clone(),
    })
}

struct Gen {
    refs: Vec<Ref>,
}

/// Where control goes after a state: a named state, or the end of the branch.
fn set_next(state: &mut Map<String, Json>, next: &Option<String>) {
    match next {
        Some(n) => state.insert("Next".into(), n.clone().into()),
        None => state.insert("End".into(), true.into()),
    };
}

impl Gen {
    /// The step's `#[function(retry(..))]` default, as the state's last field (see [`RETRY_KIND`]).
    fn retry_default(&mut self, state: &mut Map<String, Json>, step: &Ref) {
        let Some(retry_const) = &step.retry_const else { return };
        let i = self.refs.len();
        self.refs.push(Ref {
            kind: RETRY_KIND,
            name_const: retry_const.clone(),
            retry_const: None,
            display: step.display.clone(),
        });
        state.insert(format!("{SENTINEL}{i}{SENTINEL}"), Json::Null);
    }

    fn placeholder(&mut self, r: &Ref) -> Json {
        let i = self.refs.len();
        self.refs.push(r.clone());
        Json::String(format!("${{{}:{SENTINEL}{i}{SENTINEL}}}", r.kind))
    }

    fn block(&mut self, block: &[Stmt], next: Option<String>, states: &mut Map<String, Json>) {
        for (i, stmt) in block.iter().enumerate() {
            let after = first_of(&block[i + 1..]).or_else(|| next.clone());
            self.stmt(stmt, after, states);
        }
    }

    fn stmt(&mut self, stmt: &Stmt, next: Option<String>, states: &mut Map<String, Json>) {
        match stmt {
            Stmt::Let { bind, value } => self.value(bind, value, next, states),
            Stmt::Choice(c) => self.choice(c, next, states),
            Stmt::Try(t) => self.try_(t, next, states),
            Stmt::Return { name, output } => {
                states.insert(name.clone(), json!({"Type": "Succeed", "Output": template(output)}));
            }
            Stmt::Fail { name, error, cause } => {
                let cause = literal_or_template(cause);
                states.insert(name.clone(), json!({"Type": "Fail", "Error": error, "Cause": cause}));
            }
        }
    }

    fn value(&mut self, bind: &Bind, value: &Value, next: Option<String>, states: &mut Map<String, Json>) {
        match value {
            Value::Expr { name, expr } => {
                let mut state = Map::new();
                state.insert("Type".into(), "Pass".into());
                if let Some(assign) = assign(bind, expr) {
                    state.insert("Assign".into(), assign);
                }
                set_next(&mut state, &next);
                states.insert(name.clone(), Json::Object(state));
            }
            Value::Action(a) => {
                let state = self.action(a, bind, &next);
                states.insert(a.name.clone(), state);
            }
            // The arms assign the variable themselves (their tails were lowered as `let`s of `bind`).
            Value::Choice(c) => self.choice(c, next, states),
            Value::Try(t) => self.try_(t, next, states),
        }
    }

    fn choice(&mut self, c: &Choice, next: Option<String>, states: &mut Map<String, Json>) {
        let mut rules = Vec::new();
        let mut bodies = Vec::new();
        for arm in &c.arms {
            let target = self.arm_target(arm, &next, states);
            let mut rule = Map::new();
            rule.insert("Condition".into(), template(arm.condition.as_deref().unwrap_or("true")));
            rule.insert("Next".into(), target.into());
            if !arm.binds.is_empty() {
                let binds = arm.binds.iter().map(|(n, v)| (n.clone(), template(v))).collect();
                rule.insert("Assign".into(), Json::Object(binds));
            }
            rules.push(Json::Object(rule));
            bodies.push(arm);
        }
        let mut state = Map::new();
        state.insert("Type".into(), "Choice".into());
        state.insert("Choices".into(), rules.into());
        let default = match &c.default {
            Some(arm) => Some(self.default_target(c, arm, &next, states)),
            None => next.clone(),
        };
        if let Some(d) = default {
            state.insert("Default".into(), d.into());
        }
        states.insert(c.name.clone(), Json::Object(state));
        for arm in bodies {
            self.block(&arm.body, next.clone(), states);
        }
        if let Some(arm) = &c.default {
            self.block(&arm.body, next.clone(), states);
        }
    }

    /// An arm with an empty body goes straight to what follows the Choice.
    fn arm_target(&mut self, arm: &Arm, next: &Option<String>, states: &mut Map<String, Json>) -> String {
        first_of(&arm.body).or_else(|| next.clone()).unwrap_or_else(|| self.end_state(states))
    }

    /// The default arm's bindings cannot ride on a rule, so a Pass state assigns them first.
    fn default_target(
        &mut self,
        c: &Choice,
        arm: &Arm,
        next: &Option<String>,
        states: &mut Map<String, Json>,
    ) -> String {
        let target = self.arm_target(arm, next, states);
        if arm.binds.is_empty() {
            return target;
        }
        let name = format!("{} (bind)", c.name.chars().take(72).collect::<String>());
        let binds: Map<String, Json> = arm.binds.iter().map(|(n, v)| (n.clone(), template(v))).collect();
        states.insert(name.clone(), json!({"Type": "Pass", "Assign": binds, "Next": target}));
        name
    }

    /// Control that falls off the end of the workflow: unreachable when the body type-checks (every path of an
    /// `async fn -> Result` returns), but a Choice needs a target, so it succeeds with `null`.
    fn end_state(&mut self, states: &mut Map<String, Json>) -> String {
        states.entry("End").or_insert_with(|| json!({"Type": "Succeed"}));
        "End".into()
    }

    fn try_(&mut self, t: &Try, next: Option<String>, states: &mut Map<String, Json>) {
        let after_ok = first_of(&t.ok).or_else(|| next.clone());
        let mut state = self.action(&t.action, &t.ok_bind, &after_ok);
        let mut catchers = Vec::new();
        for c in &t.catches {
            let target = first_of(&c.body).or_else(|| next.clone()).unwrap_or_else(|| self.end_state(states));
            let errors: Vec<String> = if c.errors.is_empty() { vec!["States.ALL".into()] } else { c.errors.clone() };
            catchers.push(json!({"ErrorEquals": errors, "Next": target}));
        }
        if let (Json::Object(state), false) = (&mut state, catchers.is_empty()) {
            state.insert("Catch".into(), catchers.into());
        }
        states.insert(t.action.name.clone(), state);
        self.block(&t.ok, next.clone(), states);
        for c in &t.catches {
            self.block(&c.body, next.clone(), states);
        }
    }

    fn action(&mut self, a: &Action, bind: &Bind, next: &Option<String>) -> Json {
        let mut state = Map::new();
        let (result, output) = match &a.kind {
            ActionKind::Invoke { step, payload } => {
                let function = self.placeholder(step);
                task(&mut state, LAMBDA_INVOKE, json!({"FunctionName": function, "Payload": template(payload)}));
                (Some("$states.result.Payload".to_string()), true)
            }
            ActionKind::Callback { step, payload, heartbeat, timeout } => {
                let function = self.placeholder(step);
                let resource = format!("{LAMBDA_INVOKE}.waitForTaskToken");
                task(&mut state, &resource, json!({"FunctionName": function, "Payload": template(payload)}));
                if let Some(h) = heartbeat {
                    state.insert("HeartbeatSeconds".into(), (*h).into());
                }
                if let Some(t) = timeout {
                    state.insert("TimeoutSeconds".into(), (*t).into());
                }
                (Some("$states.result".to_string()), true)
            }
            ActionKind::Parallel(branches) => {
                state.insert("Type".into(), "Parallel".into());
                let branches: Vec<Json> = branches
                    .iter()
                    .map(|b| {
                        let task = self.lambda_end_task(&b.step, &b.payload, b.retry.as_ref());
                        json!({"StartAt": b.name, "States": {b.name.clone(): task}})
                    })
                    .collect();
                state.insert("Branches".into(), branches.into());
                (Some("$states.result".to_string()), false)
            }
            ActionKind::Map {
                items,
                task_name,
                step,
                max_concurrency,
                distributed,
                tolerated_count,
                tolerated_percentage,
                ..
            } => {
                state.insert("Type".into(), "Map".into());
                match items {
                    MapItems::Expr(items) => {
                        state.insert("Items".into(), template(items));
                    }
                    MapItems::Objects { bucket, prefix } => {
                        let arguments = json!({"Bucket": self.placeholder(bucket), "Prefix": template(prefix)});
                        let reader = json!({"Resource": "arn:aws:states:::s3:listObjectsV2", "Arguments": arguments});
                        state.insert("ItemReader".into(), reader);
                    }
                    MapItems::File { bucket, key, csv } => {
                        let config = if *csv {
                            json!({"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"})
                        } else {
                            json!({"InputType": "JSON"})
                        };
                        let arguments = json!({"Bucket": self.placeholder(bucket), "Key": template(key)});
                        let reader = json!({"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": config, "Arguments": arguments});
                        state.insert("ItemReader".into(), reader);
                    }
                }
                let task = self.lambda_end_task(step, "$states.input", None);
                state.insert(
                    "ItemProcessor".into(),
                    json!({"ProcessorConfig": processor(*distributed), "StartAt": task_name, "States": {task_name.clone(): task}}),
                );
                if let Some(n) = max_concurrency {
                    state.insert("MaxConcurrency".into(), (*n).into());
                }
                if let Some(n) = tolerated_count {
                    state.insert("ToleratedFailureCount".into(), (*n).into());
                }
                if let Some(p) = tolerated_percentage {
                    state.insert("ToleratedFailurePercentage".into(), (*p).into());
                }
                (Some("$states.result".to_string()), false)
            }
            ActionKind::Wait(w) => {
                state.insert("Type".into(), "Wait".into());
                match w {
                    Wait::Seconds(s) => state.insert("Seconds".into(), (*s).into()),
                    Wait::SecondsExpr(e) => state.insert("Seconds".into(), template(e)),
                    Wait::Until(e) => state.insert("Timestamp".into(), template(e)),
                };
                (None, false)
            }
            ActionKind::Dynamo { op, table, args } => self.dynamo(&mut state, *op, table, args),
            ActionKind::Publish { topic, message } => {
                let arn = self.placeholder(topic);
                let args = json!({"TopicArn": arn, "Message": template(&format!("$string({message})"))});
                task(&mut state, "arn:aws:states:::sns:publish", args);
                (None, false)
            }
            ActionKind::Send { queue, message } => {
                let url = self.placeholder(queue);
                let args = json!({"QueueUrl": url, "MessageBody": template(&format!("$string({message})"))});
                task(&mut state, "arn:aws:states:::sqs:sendMessage", args);
                (None, false)
            }
            ActionKind::PutEvents { source, detail_type, detail } => {
                let entry = json!({"Source": template(source), "DetailType": template(detail_type), "Detail": template(detail)});
                task(&mut state, "arn:aws:states:::events:putEvents", json!({"Entries": [entry]}));
                (None, false)
            }
            ActionKind::Start { machine, input, sync } => {
                let arn = self.placeholder(machine);
                let resource = if *sync {
                    "arn:aws:states:::states:startExecution.sync:2"
                } else {
                    "arn:aws:states:::states:startExecution"
                };
                task(&mut state, resource, json!({"StateMachineArn": arn, "Input": template(input)}));
                (sync.then(|| "$states.result.Output".to_string()), *sync)
            }
        };
        if let Some(result) = result {
            if output {
                state.insert("Output".into(), template(&result));
            }
            if let Some(assign) = assign(bind, &result) {
                state.insert("Assign".into(), assign);
            }
        }
        if let Some(r) = &a.retry {
            state.insert("Retry".into(), json!([retrier(r)]));
        }
        set_next(&mut state, next);
        if let (None, ActionKind::Invoke { step, .. }) = (&a.retry, &a.kind) {
            self.retry_default(&mut state, step);
        }
        Json::Object(state)
    }

    /// A branch's or iteration's only state: invoke the step, its result is the branch's output.
    fn lambda_end_task(&mut self, step: &Ref, payload: &str, retry: Option<&Retry>) -> Json {
        let function = self.placeholder(step);
        let mut task = json!({
            "Type": "Task",
            "Resource": LAMBDA_INVOKE,
            "Arguments": {"FunctionName": function, "Payload": template(payload)},
            "Output": "{% $states.result.Payload %}",
            "End": true
        });
        if let Json::Object(state) = &mut task {
            match retry {
                Some(r) => {
                    state.insert("Retry".into(), json!([retrier(r)]));
                }
                None => self.retry_default(state, step),
            }
        }
        task
    }

    fn dynamo(
        &mut self,
        state: &mut Map<String, Json>,
        op: DynamoOp,
        table: &Ref,
        args: &[Jsonata],
    ) -> (Option<String>, bool) {
        let name = self.placeholder(table);
        let marshal = |value: &str| template(&format!("({MARSHAL}; $marshal({value}).M)"));
        let (action, arguments) = match op {
            DynamoOp::Put => ("putItem", json!({"TableName": name, "Item": marshal(&args[0])})),
            DynamoOp::Get => ("getItem", json!({"TableName": name, "Key": marshal(&args[0])})),
            DynamoOp::Delete => ("deleteItem", json!({"TableName": name, "Key": marshal(&args[0])})),
            DynamoOp::Update => {
                let set = &args[1];
                let names = format!("$merge([{{}}, $map($keys({set}), function($k, $i) {{ {{'#f' & $i: $k}} }})])");
                let values = format!(
                    "({MARSHAL}; $merge([{{}}, $map($keys({set}), function($k, $i) {{ {{':v' & $i: $marshal($lookup({set}, $k))}} }})]))"
                );
                let expression = format!(
                    "'SET ' & $join($map($keys({set}), function($k, $i) {{ '#f' & $i & ' = :v' & $i }}), ', ')"
                );
                (
                    "updateItem",
                    json!({
                        "TableName": name,
                        "Key": marshal(&args[0]),
                        "UpdateExpression": template(&expression),
                        "ExpressionAttributeNames": template(&names),
                        "ExpressionAttributeValues": template(&values),
                    }),
                )
            }
        };
        task(state, &format!("arn:aws:states:::dynamodb:{action}"), arguments);
        match op {
            DynamoOp::Get => {
                // `get` answers the item as plain JSON, or null when there is none, as the native helper does.
                let result = format!(
                    "($exists($states.result.Item) ? ($unmarshal := {UNMARSHAL}; $unmarshal({{'M': $states.result.Item}})) : null)"
                );
                (Some(result), true)
            }
            _ => (None, false),
        }
    }
}

/// Plain JSON → DynamoDB attribute values, recursively (`{"S": ..}`, `{"N": ..}`, `{"M": ..}`, ...).
const MARSHAL: &str = "$marshal := function($v) { $type($v) = 'string' ? {'S': $v} : $type($v) = 'number' ? {'N': $string($v)} : $type($v) = 'boolean' ? {'BOOL': $v} : $type($v) = 'null' ? {'NULL': true} : $type($v) = 'array' ? {'L': [$map($v, function($x) { $marshal($x) })]} : {'M': $merge([{}, $each($v, function($x, $k) { {$k: $marshal($x)} })])} }";
/// DynamoDB attribute values → plain JSON.
const UNMARSHAL: &str = "function($a) { $exists($a.S) ? $a.S : $exists($a.N) ? $number($a.N) : $exists($a.BOOL) ? $a.BOOL : $exists($a.NULL) ? null : $exists($a.L) ? [$map($a.L, function($x) { $unmarshal($x) })] : $exists($a.M) ? $merge([{}, $each($a.M, function($x, $k) { {$k: $unmarshal($x)} })]) : null }";

/// Inline iterations run inside the execution; distributed ones as Standard child executions.
fn processor(distributed: bool) -> Json {
    if distributed {
        json!({"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"})
    } else {
        json!({"Mode": "INLINE"})
    }
}

fn task(state: &mut Map<String, Json>, resource: &str, arguments: Json) {
    state.insert("Type".into(), "Task".into());
    state.insert("Resource".into(), resource.into());
    state.insert("Arguments".into(), arguments);
}

fn assign(bind: &Bind, result: &str) -> Option<Json> {
    match bind {
        Bind::Var(name) => Some(json!({name.clone(): template(result)})),
        Bind::Tuple(names) => {
            let map: Map<String, Json> = names
                .iter()
                .enumerate()
                .filter_map(|(i, n)| n.as_ref().map(|n| (n.clone(), template(&format!("{result}[{i}]")))))
                .collect();
            (!map.is_empty()).then_some(Json::Object(map))
        }
        Bind::Ignore => None,
    }
}

pub fn retrier(r: &Retry) -> Json {
    let errors: Vec<String> = if r.on.is_empty() { vec!["States.ALL".into()] } else { r.on.clone() };
    let mut retrier = json!({
        "ErrorEquals": errors,
        "IntervalSeconds": r.interval,
        "MaxAttempts": r.attempts,
        "BackoffRate": r.backoff,
    });
    if let Some(m) = r.max_delay {
        retrier["MaxDelaySeconds"] = m.into();
    }
    if r.jitter {
        retrier["JitterStrategy"] = "FULL".into();
    }
    retrier
}

/// A Fail's `Cause` is a plain string when the cause is a string literal.
fn literal_or_template(cause: &str) -> Json {
    let inner = cause.strip_prefix('\'').and_then(|c| c.strip_suffix('\''));
    match inner {
        Some(text) if !text.contains('\'') && !text.contains('\\') => Json::String(text.to_string()),
        _ => template(cause),
    }
}
