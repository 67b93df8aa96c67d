//! JSONPath-mode data flow: paths against `$`, `$$` and variables, payload templates (`.$` keys)
//! and intrinsic functions.

use serde_json::{Map, Value};

use super::error::{names, Failure};
use crate::intrinsics;
use crate::path::{self, Path, PathError, Root};

/// What paths can see: the context object and the variables in scope. The context object holds the whole
/// execution input, so it is built only when a path reads `$$`: building it for every state made a Map over
/// n items cost O(n²).
pub(crate) struct Env<'a> {
    context: std::cell::OnceCell<Value>,
    make_context: &'a dyn Fn() -> Value,
    pub vars: &'a Map<String, Value>,
}

impl<'a> Env<'a> {
    pub fn new(make_context: &'a dyn Fn() -> Value, vars: &'a Map<String, Value>) -> Env<'a> {
        Env { context: std::cell::OnceCell::new(), make_context, vars }
    }

    fn context(&self) -> &Value {
        self.context.get_or_init(self.make_context)
    }

    /// Reads `path` with `$` bound to `input`.
    pub fn read(&self, path: &Path, input: &Value) -> Result<Value, PathError> {
        match &path.root {
            Root::Input | Root::Current => path::select(path, input),
            Root::Context => path::select(path, self.context()),
            Root::Variable(name) => match self.vars.get(name) {
                Some(v) => path::select(path, v),
                None => Err(PathError::NoResults { normalized: format!("${name}") }),
            },
        }
    }

    /// `InputPath` / `OutputPath` / `ItemsPath`: a missing definite path is a States.Runtime error.
    pub fn apply_path(&self, text: &str, input: &Value) -> Result<Value, Failure> {
        let p = parse(text)?;
        self.read(&p, input).map_err(|e| Failure::runtime(format!("Invalid path '{text}' : {e}")))
    }

    /// Evaluates the string of a `key.$` field: a path or an intrinsic function.
    pub fn dollar(&self, key: &str, text: &str, input: &Value) -> Result<Value, Failure> {
        if intrinsics::is_intrinsic(text) {
            let call = intrinsics::parse(text).map_err(|e| Failure::in_state(names::INTRINSIC_FAILURE, e.message))?;
            return intrinsics::evaluate(&call, &|p| self.read(p, input))
                .map_err(|e| Failure::in_state(names::INTRINSIC_FAILURE, e.message));
        }
        let p = parse(text)?;
        self.read(&p, input).map_err(|_| {
            let shown = if p.root == Root::Context { self.context() } else { input };
            Failure::runtime(format!(
                "The JSONPath '{text}' specified for the field '{key}' could not be found in the input '{}'",
                compact(shown)
            ))
        })
    }

    /// Evaluates a payload template (`Parameters`, `ResultSelector`, `ItemSelector`, `Assign`).
    pub fn template(&self, template: &Value, input: &Value) -> Result<Value, Failure> {
        match template {
            Value::Object(m) => {
                let mut out = Map::new();
                for (k, v) in m {
                    match (k.strip_suffix(".$"), v) {
                        (Some(name), Value::String(text)) => {
                            out.insert(name.to_string(), self.dollar(k, text, input)?);
                        }
                        _ => {
                            out.insert(k.clone(), self.template(v, input)?);
                        }
                    }
                }
                Ok(Value::Object(out))
            }
            Value::Array(a) => {
                a.iter().map(|v| self.template(v, input)).collect::<Result<Vec<_>, _>>().map(Value::Array)
            }
            other => Ok(other.clone()),
        }
    }
}

fn parse(text: &str) -> Result<Path, Failure> {
    path::parse(text).map_err(|e| Failure::runtime(e.to_string()))
}

/// JSON text as AWS prints it inside messages.
pub(crate) fn compact(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn templates_resolve_dollar_keys_recursively() {
        let vars = Map::from_iter([("v".to_string(), json!({"k": 7}))]);
        let ctx = || json!({"State": {"Name": "S"}});
        let env = Env::new(&ctx, &vars);
        let tpl = json!({"a.$": "$.x", "b": [{"c.$": "$$.State.Name"}], "d.$": "$v.k", "e.$": "States.Array($.x)", "f": "$.x"});
        let out = env.template(&tpl, &json!({"x": 1})).unwrap();
        assert_eq!(out, json!({"a": 1, "b": [{"c": "S"}], "d": 7, "e": [1], "f": "$.x"}));
    }

    #[test]
    fn missing_input_path_is_runtime_error() {
        let vars = Map::new();
        let env = Env::new(&|| Value::Null, &vars);
        let f = env.apply_path("$.NoSuchInputPath", &json!({})).unwrap_err();
        assert_eq!(f.error.as_deref(), Some(names::RUNTIME));
        assert_eq!(
            f.cause.as_deref(),
            Some("Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']")
        );
    }
}
