//! Runtime values. Unlike JSON they can be undefined, hold functions, and arrays carry the
//! flags jsonata-js keeps on its arrays (sequence, constructed, keep-singleton, tuple stream).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use indexmap::IndexMap;

use crate::ast::{LambdaDef, Node};
use crate::functions::Builtin;

/// An object's entries, in insertion order. A newtype so that dropping deeply nested values
/// can be iterative (see `drop_nested`).
#[derive(Clone, Default)]
pub(crate) struct Obj(IndexMap<String, V>);

impl Obj {
    pub fn new() -> Obj {
        Obj(IndexMap::new())
    }
}

impl std::ops::Deref for Obj {
    type Target = IndexMap<String, V>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for Obj {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl FromIterator<(String, V)> for Obj {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> Self {
        Obj(iter.into_iter().collect())
    }
}

impl IntoIterator for Obj {
    type Item = (String, V);
    type IntoIter = indexmap::map::IntoIter<String, V>;
    fn into_iter(mut self) -> Self::IntoIter {
        std::mem::take(&mut self.0).into_iter()
    }
}

/// Values an expression builds can nest far deeper than the stack allows the default recursive
/// drop to go (`$reduce([1..1e5], function($a){{'a': $a}}, {})`): unlink them with a work list.
fn drop_nested(mut pending: Vec<V>) {
    while let Some(v) = pending.pop() {
        match v {
            V::Arr(rc) => {
                if let Ok(mut arr) = Rc::try_unwrap(rc) {
                    pending.append(&mut arr.items);
                }
            }
            V::Obj(rc) => {
                if let Ok(mut obj) = Rc::try_unwrap(rc) {
                    pending.extend(std::mem::take(&mut obj.0).into_values());
                }
            }
            _ => {}
        }
    }
}

/// Runs a step of a recursive walk over a value, growing the stack when it runs low, so deeply
/// nested values cannot overflow it.
pub(crate) fn deep<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, f)
}

fn has_containers<'a>(mut values: impl Iterator<Item = &'a V>) -> bool {
    values.any(|v| matches!(v, V::Arr(_) | V::Obj(_)))
}

impl Drop for Obj {
    fn drop(&mut self) {
        if has_containers(self.0.values()) {
            drop_nested(std::mem::take(&mut self.0).into_values().collect());
        }
    }
}

impl Drop for Arr {
    fn drop(&mut self) {
        if has_containers(self.items.iter()) {
            drop_nested(std::mem::take(&mut self.items));
        }
    }
}

#[derive(Clone, Default)]
pub(crate) enum V {
    #[default]
    Undef,
    Null,
    Bool(bool),
    Num(f64),
    Str(Rc<str>),
    Arr(Rc<Arr>),
    Obj(Rc<Obj>),
    Func(Rc<Func>),
}

#[derive(Clone, Default)]
pub(crate) struct Arr {
    pub items: Vec<V>,
    /// A result sequence: flattened into paths, unwrapped when it holds one item.
    pub seq: bool,
    /// Built by an array constructor: never flattened by a path step.
    pub cons: bool,
    pub keep: bool,
    /// The document's top-level array, wrapped so paths see it as one input.
    pub outer: bool,
    /// Items are tuples (objects of variable bindings with `@` as the context).
    pub tuple: bool,
}

pub(crate) enum Func {
    Lambda {
        def: Arc<LambdaDef>,
        env: Env,
        input: V,
    },
    Builtin(&'static Builtin),
    /// Partial application: `None` marks a `?` still to be supplied.
    Partial {
        func: V,
        args: Vec<Option<V>>,
    },
    /// `f ~> g` with two functions: applies `f` then `g`.
    Chain(V, V),
    Regex(Arc<regex::Regex>),
    Transform {
        spec: Arc<(Node, Node, Option<Node>)>,
        env: Env,
    },
}

impl Func {
    /// How many arguments a higher-order function should pass to it.
    pub fn arity(&self) -> usize {
        match self {
            Func::Lambda { def, .. } => def.params.len(),
            Func::Builtin(b) => b.arity,
            Func::Partial { args, .. } => args.iter().filter(|a| a.is_none()).count(),
            Func::Chain(f, _) => match f {
                V::Func(f) => f.arity(),
                _ => 1,
            },
            Func::Regex(_) | Func::Transform { .. } => 1,
        }
    }
}

pub(crate) type Env = Rc<Frame>;

#[derive(Default)]
pub(crate) struct Frame {
    vars: RefCell<HashMap<String, V>>,
    parent: Option<Env>,
}

impl Frame {
    pub fn child(parent: &Env) -> Env {
        Rc::new(Frame { vars: RefCell::new(HashMap::new()), parent: Some(parent.clone()) })
    }

    pub fn bind(&self, name: &str, value: V) {
        self.vars.borrow_mut().insert(name.to_string(), value);
    }

    pub fn clear(&self) {
        self.vars.borrow_mut().clear();
    }

    pub fn lookup(&self, name: &str) -> Option<V> {
        if let Some(v) = self.vars.borrow().get(name) {
            return Some(v.clone());
        }
        self.parent.as_ref().and_then(|p| p.lookup(name))
    }
}

impl V {
    pub fn str(s: &str) -> V {
        V::Str(Rc::from(s))
    }

    pub fn string(s: String) -> V {
        V::Str(Rc::from(s))
    }

    pub fn array(items: Vec<V>) -> V {
        V::Arr(Rc::new(Arr { items, ..Arr::default() }))
    }

    pub fn seq(items: Vec<V>) -> V {
        V::Arr(Rc::new(Arr { items, seq: true, ..Arr::default() }))
    }

    pub fn with_flags(items: Vec<V>, f: impl FnOnce(&mut Arr)) -> V {
        let mut a = Arr { items, ..Arr::default() };
        f(&mut a);
        V::Arr(Rc::new(a))
    }

    pub fn object(o: Obj) -> V {
        V::Obj(Rc::new(o))
    }

    pub fn is_undef(&self) -> bool {
        matches!(self, V::Undef)
    }

    pub fn is_array(&self) -> bool {
        matches!(self, V::Arr(_))
    }

    pub fn is_func(&self) -> bool {
        matches!(self, V::Func(_))
    }

    pub fn arr(&self) -> Option<&Arr> {
        match self {
            V::Arr(a) => Some(a),
            _ => None,
        }
    }

    /// The items of an array, or the value itself as a one-item list (none if undefined).
    pub fn items(&self) -> Vec<V> {
        match self {
            V::Arr(a) => a.items.clone(),
            V::Undef => Vec::new(),
            v => vec![v.clone()],
        }
    }

    /// Number of items an array holds; 0 for undefined, 1 for any other value.
    pub fn len(&self) -> usize {
        match self {
            V::Arr(a) => a.items.len(),
            V::Undef => 0,
            _ => 1,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            V::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_num(&self) -> Option<f64> {
        match self {
            V::Num(n) => Some(*n),
            _ => None,
        }
    }

    /// Sets array flags, copying the array only if it is shared.
    pub fn set_flags(&mut self, f: impl FnOnce(&mut Arr)) {
        if let V::Arr(a) = self {
            f(Rc::make_mut(a));
        }
    }

    /// JSONata's truthiness (`$boolean`).
    pub fn truthy(&self) -> bool {
        match self {
            V::Undef | V::Null => false,
            V::Bool(b) => *b,
            V::Num(n) => *n != 0.0 && !n.is_nan(),
            V::Str(s) => !s.is_empty(),
            V::Arr(a) => match a.items.len() {
                0 => false,
                1 => a.items[0].truthy(),
                _ => a.items.iter().any(|v| v.truthy()),
            },
            V::Obj(o) => !o.is_empty(),
            V::Func(_) => false,
        }
    }

    pub fn type_name(&self) -> Option<&'static str> {
        Some(match self {
            V::Undef => return None,
            V::Null => "null",
            V::Bool(_) => "boolean",
            V::Num(_) => "number",
            V::Str(_) => "string",
            V::Arr(_) => "array",
            V::Obj(_) => "object",
            V::Func(_) => "function",
        })
    }

    pub fn from_json(j: &serde_json::Value) -> V {
        deep(|| match j {
            serde_json::Value::Null => V::Null,
            serde_json::Value::Bool(b) => V::Bool(*b),
            serde_json::Value::Number(n) => V::Num(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => V::str(s),
            serde_json::Value::Array(a) => V::array(a.iter().map(V::from_json).collect()),
            serde_json::Value::Object(o) => V::object(o.iter().map(|(k, v)| (k.clone(), V::from_json(v))).collect()),
        })
    }

    /// JSON form of a result, as `JSON.stringify` would give: functions vanish from objects
    /// and become `null` in arrays; integral numbers are integers.
    pub fn to_json(&self) -> Option<serde_json::Value> {
        deep(|| self.to_json_inner())
    }

    /// Levels of array/object nesting, counted without recursion.
    pub fn nesting(&self) -> usize {
        let mut deepest = 0;
        let mut pending = vec![(self, 0usize)];
        while let Some((v, d)) = pending.pop() {
            deepest = deepest.max(d);
            match v {
                V::Arr(a) => pending.extend(a.items.iter().map(|i| (i, d + 1))),
                V::Obj(o) => pending.extend(o.values().map(|i| (i, d + 1))),
                _ => {}
            }
        }
        deepest
    }

    fn to_json_inner(&self) -> Option<serde_json::Value> {
        Some(match self {
            V::Undef | V::Func(_) => return None,
            V::Null => serde_json::Value::Null,
            V::Bool(b) => serde_json::Value::Bool(*b),
            V::Num(n) => number_json(*n),
            V::Str(s) => serde_json::Value::String(s.to_string()),
            V::Arr(a) => serde_json::Value::Array(
                a.items.iter().map(|v| v.to_json().unwrap_or(serde_json::Value::Null)).collect(),
            ),
            V::Obj(o) => {
                serde_json::Value::Object(o.iter().filter_map(|(k, v)| v.to_json().map(|j| (k.clone(), j))).collect())
            }
        })
    }
}

impl std::fmt::Debug for V {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            V::Undef => f.write_str("undefined"),
            V::Func(_) => f.write_str("<function>"),
            v => write!(f, "{}", v.to_json().unwrap_or_default()),
        }
    }
}

pub(crate) fn number_json(n: f64) -> serde_json::Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        serde_json::Value::Number((n as i64).into())
    } else {
        serde_json::Number::from_f64(n).map(serde_json::Value::Number).unwrap_or(serde_json::Value::Null)
    }
}

/// Structural equality used by `=`, `in`, `$distinct` and friends.
pub(crate) fn deep_equal(a: &V, b: &V) -> bool {
    deep(|| deep_equal_inner(a, b))
}

fn deep_equal_inner(a: &V, b: &V) -> bool {
    match (a, b) {
        (V::Undef, V::Undef) | (V::Null, V::Null) => true,
        (V::Bool(x), V::Bool(y)) => x == y,
        (V::Num(x), V::Num(y)) => x == y,
        (V::Str(x), V::Str(y)) => x == y,
        (V::Arr(x), V::Arr(y)) => {
            x.items.len() == y.items.len() && x.items.iter().zip(&y.items).all(|(p, q)| deep_equal(p, q))
        }
        (V::Obj(x), V::Obj(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| deep_equal(v, w)))
        }
        (V::Func(x), V::Func(y)) => Rc::ptr_eq(x, y),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truthiness_follows_jsonata() {
        assert!(!V::array(vec![V::Num(0.0)]).truthy());
        assert!(V::array(vec![V::Num(0.0), V::str("x")]).truthy());
        assert!(!V::object(Obj::new()).truthy());
        assert!(!V::str("").truthy());
    }

    #[test]
    fn json_numbers_are_integers_when_integral() {
        assert_eq!(V::Num(3.0).to_json().unwrap().to_string(), "3");
        assert_eq!(V::Num(0.5).to_json().unwrap().to_string(), "0.5");
        assert!(V::Undef.to_json().is_none());
    }
}
