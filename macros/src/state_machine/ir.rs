//! The workflow IR: what a `#[state_machine]` body means, independent of both Rust syntax and ASL JSON. Every
//! node that becomes a state carries its state name, allocated in source order by `names`.

use proc_macro2::TokenStream;

/// A JSONata expression (without the `{% %}` delimiters).
pub type Jsonata = String;

/// A reference to something the definition names through a placeholder, resolved at compile time through a
/// trait constant (`<validate as Step>::NAME`).
#[derive(Clone)]
pub struct Ref {
    /// The placeholder kind: `function`, `table`, `topic`, `queue` or `state_machine`.
    pub kind: &'static str,
    /// The expression of the name constant, spanned on the user's path.
    pub name_const: TokenStream,
    /// For a step: the expression of its retry default's ASL text (`<validate as Step>::RETRY_ASL`).
    pub retry_const: Option<TokenStream>,
    /// The last segment of the user's path, for state names and for tests.
    pub display: String,
}

pub struct Workflow {
    /// The fn's parameter, bound as a variable by the first state.
    pub param: String,
    pub start_name: String,
    pub body: Block,
}

pub type Block = Vec<Stmt>;

pub enum Stmt {
    /// `let x = <value>;`, or a statement whose result is dropped (`bind: Bind::Ignore`).
    Let { bind: Bind, value: Value },
    /// `if` / `match` as a statement: a Choice whose arms rejoin after it.
    Choice(Choice),
    /// `match step(..).await { Ok(v) => .., Err(E::Variant) => .. }`: a Task with Catch.
    Try(Try),
    /// `return Ok(v)` or a tail `Ok(v)`: a Succeed state.
    Return { name: String, output: Jsonata },
    /// `fail("Error", cause)`: a Fail state.
    Fail { name: String, error: String, cause: Jsonata },
}

/// How a result is bound.
#[derive(Clone)]
pub enum Bind {
    Var(String),
    /// `let (a, b) = join!(..)`: element i of the result array (`None` for `_`).
    Tuple(Vec<Option<String>>),
    Ignore,
}

pub enum Value {
    /// A pure expression: a Pass state that assigns it.
    Expr {
        name: String,
        expr: Jsonata,
    },
    Action(Action),
    /// `let x = if .. { a } else { b };` / `let x = match ..`: each arm ends by assigning its tail value.
    Choice(Choice),
    Try(Try),
}

pub struct Choice {
    pub name: String,
    pub arms: Vec<Arm>,
    /// The arm taken when no condition holds (`else`, `_`, or the last arm of an exhaustive match).
    pub default: Option<Box<Arm>>,
}

pub struct Arm {
    /// `None` for the default arm.
    pub condition: Option<Jsonata>,
    /// Variables the arm's pattern binds, assigned when the arm is taken.
    pub binds: Vec<(String, Jsonata)>,
    pub body: Block,
}

pub struct Try {
    pub action: Action,
    pub ok_bind: Bind,
    pub ok: Block,
    pub catches: Vec<Catch>,
}

pub struct Catch {
    /// Error names (`errorType`s); empty means every error (`States.ALL`).
    pub errors: Vec<String>,
    pub body: Block,
}

pub struct Action {
    pub name: String,
    pub kind: ActionKind,
    pub retry: Option<Retry>,
}

pub enum ActionKind {
    Invoke {
        step: Ref,
        payload: Jsonata,
    },
    Callback {
        step: Ref,
        payload: Jsonata,
        heartbeat: Option<u64>,
        timeout: Option<u64>,
    },
    /// One branch per call; each branch is a single Task, named.
    Parallel(Vec<Branch>),
    /// Items, then the iteration's Task.
    /// `count`: the number of items when they are written out in the body, for the history bound.
    Map {
        items: MapItems,
        count: Option<u64>,
        task_name: String,
        step: Ref,
        max_concurrency: Option<u64>,
        /// Iterations run as child executions (`ProcessorConfig.Mode: DISTRIBUTED`).
        distributed: bool,
        /// `ToleratedFailureCount` and `ToleratedFailurePercentage` (distributed only).
        tolerated_count: Option<u64>,
        tolerated_percentage: Option<f64>,
    },
    Wait(Wait),
    Dynamo {
        op: DynamoOp,
        table: Ref,
        args: Vec<Jsonata>,
    },
    Publish {
        topic: Ref,
        message: Jsonata,
    },
    Send {
        queue: Ref,
        message: Jsonata,
    },
    PutEvents {
        source: Jsonata,
        detail_type: Jsonata,
        detail: Jsonata,
    },
    Start {
        machine: Ref,
        input: Jsonata,
        sync: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum DynamoOp {
    Put,
    Get,
    Update,
    Delete,
}

/// A `join!` branch: one Task invoking `step`, with the branch's own `#[retry]` if it has one.
pub struct Branch {
    pub name: String,
    pub step: Ref,
    pub payload: Jsonata,
    pub retry: Option<Retry>,
}

/// Where a Map's items come from.
pub enum MapItems {
    /// `Items`: a JSONata expression over the variables.
    Expr(Jsonata),
    /// `ItemReader` `s3:listObjectsV2` of the objects under a prefix.
    Objects { bucket: Ref, prefix: Jsonata },
    /// `ItemReader` `s3:getObject` of a JSON array, or of CSV with a header row.
    File { bucket: Ref, key: Jsonata, csv: bool },
}

pub enum Wait {
    Seconds(u64),
    SecondsExpr(Jsonata),
    Until(Jsonata),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Retry {
    /// Error names; empty means `States.ALL`.
    pub on: Vec<String>,
    pub attempts: u32,
    pub interval: u64,
    pub backoff: f64,
    pub max_delay: Option<u64>,
    pub jitter: bool,
}
