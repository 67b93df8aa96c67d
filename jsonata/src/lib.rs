//! A JSONata evaluator with the function set AWS Step Functions offers (`QueryLanguage: JSONata`).
//!
//! ```
//! use lambdaform_jsonata::{evaluate, Bindings, Value};
//! let input: Value = serde_json::json!({"order": {"items": [{"price": 2}, {"price": 3}]}});
//! let total = evaluate("$sum(order.items.price)", Some(&input), &Bindings::new()).unwrap();
//! assert_eq!(total, Some(serde_json::json!(5)));
//! ```

mod ast;
mod error;
mod eval;
mod format_number;
mod functions;
mod integer;
mod json;
mod lexer;
mod operators;
mod parser;
mod picture;
mod picture_format;
mod picture_parse;
mod process;
mod signature;
mod transform;
mod value;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub use error::JsonataError;
pub use serde_json::Value;

use value::{Frame, V};

/// Default bound on nested evaluation, deep enough for real expressions; runaway recursion
/// ends with `U1001` instead of exhausting memory.
const DEFAULT_MAX_DEPTH: usize = 10_000;
const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(10);
/// `serde_json::Value` drops and serializes recursively: deeper results would overflow the
/// caller's stack, so they are an error instead (JavaScript's `JSON.stringify` fails too).
const MAX_RESULT_NESTING: usize = 10_000;

/// A parsed expression: parse once, evaluate many times, from any thread.
#[derive(Debug, Clone)]
pub struct Expression {
    root: Arc<ast::Node>,
    labels: Arc<Vec<String>>,
}

/// Variables bound for an evaluation (`states` is visible as `$states`) and runaway limits.
#[derive(Debug, Default, Clone)]
pub struct Bindings {
    vars: HashMap<String, Value>,
    limits: Option<(usize, Duration)>,
}

impl Bindings {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn set(&mut self, name: &str, value: Value) {
        self.vars.insert(name.to_string(), value);
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.vars.get(name)
    }

    /// Bounds evaluation depth and wall-clock time; exceeding either is error `U1001`.
    pub fn with_limits(mut self, max_depth: usize, time_limit: Duration) -> Self {
        self.limits = Some((max_depth, time_limit));
        self
    }
}

impl Expression {
    pub fn parse(src: &str) -> Result<Expression, JsonataError> {
        let raw = parser::parse(src)?;
        let processed = process::process(raw)?;
        Ok(Expression { root: Arc::new(processed.root), labels: Arc::new(processed.labels) })
    }

    /// `input` None = no input (JSONata `undefined`); `Ok(None)` = the expression yields nothing.
    pub fn evaluate(&self, input: Option<&Value>, bindings: &Bindings) -> Result<Option<Value>, JsonataError> {
        let (max_depth, limit) = bindings.limits.unwrap_or((DEFAULT_MAX_DEPTH, DEFAULT_TIME_LIMIT));
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        let now_ms = now.as_millis() as f64;
        let seed = now.as_nanos() as u64 ^ (self as *const Self as u64).rotate_left(32);
        let ev = eval::Evaluator::new(&self.labels, max_depth, Instant::now().checked_add(limit), now_ms, seed);
        let input = match input {
            None => V::Undef,
            // A top-level array is wrapped in a one-item sequence so paths see it as one value.
            Some(v @ Value::Array(_)) => V::with_flags(vec![V::from_json(v)], |a| {
                a.seq = true;
                a.outer = true
            }),
            Some(v) => V::from_json(v),
        };
        let root = std::rc::Rc::new(Frame::default());
        root.bind("$", input.clone());
        for (k, v) in &bindings.vars {
            root.bind(k, V::from_json(v));
        }
        ev.track(&root);
        let result = ev.eval(&self.root, &input, &root).and_then(|v| {
            if v.nesting() > MAX_RESULT_NESTING {
                return Err(JsonataError::new(
                    "U1001",
                    format!("The result nests arrays or objects deeper than {MAX_RESULT_NESTING} levels"),
                ));
            }
            Ok(v.to_json())
        });
        ev.release_frames();
        result
    }
}

/// Parses and evaluates `src` in one step.
pub fn evaluate(src: &str, input: Option<&Value>, bindings: &Bindings) -> Result<Option<Value>, JsonataError> {
    Expression::parse(src)?.evaluate(input, bindings)
}

/// Evaluates `src` against JSON text, for the unit tests of each module.
#[cfg(test)]
pub(crate) fn eval_json(src: &str, input: &str) -> Result<Option<Value>, JsonataError> {
    let input: Value = serde_json::from_str(input).expect("test input is JSON");
    evaluate(src, Some(&input), &Bindings::new())
}
