//! Evaluates a parsed call: arguments first (inner calls included), then the function.

use serde_json::Value;

use super::functions;
use super::{Arg, Call, IntrinsicError};
use crate::path::{Path, PathError};

/// Evaluates `call`, reading path arguments through `lookup` (which knows `$`, `$$` and variables).
pub fn evaluate(call: &Call, lookup: &dyn Fn(&Path) -> Result<Value, PathError>) -> Result<Value, IntrinsicError> {
    let mut args = Vec::with_capacity(call.args.len());
    for arg in &call.args {
        args.push(match arg {
            Arg::Literal(v) => v.clone(),
            Arg::Path(p) => lookup(p).map_err(|e| IntrinsicError::new(e.to_string()))?,
            Arg::Call(inner) => evaluate(inner, lookup)?,
        });
    }
    functions::apply(&call.name, args)
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;
    use serde_json::json;

    fn run(text: &str, input: Value) -> Result<Value, IntrinsicError> {
        let call = parse(text).unwrap();
        evaluate(&call, &|p| crate::path::select(p, &input))
    }

    #[test]
    fn nested() {
        let v = run("States.ArrayLength(States.Array($.a, States.MathAdd($.a, 1)))", json!({"a": 1})).unwrap();
        assert_eq!(v, json!(2));
        let v = run("States.Format('{} and {}', $.a, States.JsonToString($.o))", json!({"a": "x", "o": {"k": [1]}}));
        assert_eq!(v.unwrap(), json!("x and {\"k\":[1]}"));
    }

    #[test]
    fn missing_path_is_an_error() {
        assert!(run("States.Array($.missing)", json!({})).is_err());
    }
}
