//! `| pattern | update, delete |`: returns a modified copy of its input.
//!
//! jsonata-js mutates the matched objects of a deep copy in place. Here values are shared and
//! immutable, so the copy gets fresh allocations, the pattern's matches are identified by
//! allocation, and the copy is rebuilt top-down applying each match's update.

use std::collections::HashSet;
use std::rc::Rc;

use crate::ast::Node;
use crate::error::{JsonataError, Result};
use crate::eval::Evaluator;
use crate::value::{Env, Obj, V};

pub(crate) fn transform(ev: &Evaluator, spec: &(Node, Node, Option<Node>), input: V, env: &Env) -> Result<V> {
    if input.is_undef() {
        return Ok(V::Undef);
    }
    if !matches!(input, V::Obj(_) | V::Arr(_)) {
        return Err(JsonataError::new("T0410", "Argument 1 of function transform does not match function signature"));
    }
    let copy = deep_copy(&input);
    let matches = ev.eval(&spec.0, &copy, env)?;
    let targets: Vec<V> = matches.items();
    let ids: HashSet<usize> = targets
        .iter()
        .filter_map(|m| match m {
            V::Obj(o) => Some(Rc::as_ptr(o) as usize),
            _ => None,
        })
        .collect();
    if ids.is_empty() {
        return Ok(copy);
    }
    rebuild(ev, spec, &copy, &ids, env)
}

fn rebuild(ev: &Evaluator, spec: &(Node, Node, Option<Node>), v: &V, ids: &HashSet<usize>, env: &Env) -> Result<V> {
    crate::value::deep(|| rebuild_inner(ev, spec, v, ids, env))
}

fn rebuild_inner(
    ev: &Evaluator,
    spec: &(Node, Node, Option<Node>),
    v: &V,
    ids: &HashSet<usize>,
    env: &Env,
) -> Result<V> {
    match v {
        V::Obj(o) => {
            let mut obj: Obj = (**o).clone();
            if ids.contains(&(Rc::as_ptr(o) as usize)) {
                obj = update(ev, spec, v, obj, env)?;
            }
            let mut out = Obj::new();
            for (k, child) in obj {
                out.insert(k, rebuild(ev, spec, &child, ids, env)?);
            }
            Ok(V::object(out))
        }
        V::Arr(a) => {
            let mut items = Vec::new();
            for child in &a.items {
                items.push(rebuild(ev, spec, child, ids, env)?);
            }
            let mut out = v.clone();
            out.set_flags(|arr| arr.items = items);
            Ok(out)
        }
        other => Ok(other.clone()),
    }
}

fn update(ev: &Evaluator, spec: &(Node, Node, Option<Node>), matched: &V, mut obj: Obj, env: &Env) -> Result<Obj> {
    let upd = ev.eval(&spec.1, matched, env)?;
    match upd {
        V::Undef => {}
        V::Obj(u) => {
            for (k, val) in u.iter() {
                obj.insert(k.clone(), val.clone());
            }
        }
        _ => {
            return Err(JsonataError::at(
                "T2011",
                spec.1.pos,
                "The insert/update clause of the transform expression must evaluate to an object",
            ))
        }
    }
    if let Some(del) = &spec.2 {
        let d = ev.eval(del, matched, env)?;
        if !d.is_undef() {
            let names = d.items();
            if !names.iter().all(|n| matches!(n, V::Str(_))) {
                return Err(JsonataError::at(
                    "T2012",
                    del.pos,
                    "The delete clause of the transform expression must evaluate to a string or array of strings",
                ));
            }
            for n in names {
                if let V::Str(s) = n {
                    obj.shift_remove(&*s);
                }
            }
        }
    }
    Ok(obj)
}

/// A copy with fresh allocations, so matches identify places in this copy only.
pub(crate) fn deep_copy(v: &V) -> V {
    crate::value::deep(|| copy_inner(v))
}

fn copy_inner(v: &V) -> V {
    match v {
        V::Obj(o) => V::object(o.iter().map(|(k, v)| (k.clone(), deep_copy(v))).collect()),
        V::Arr(a) => V::array(a.items.iter().map(deep_copy).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use crate::eval_json;
    use serde_json::json;

    #[test]
    fn updates_and_deletes_a_copy() {
        let doc = r#"{"items":[{"n":1,"tmp":true},{"n":2,"tmp":true}]}"#;
        let out = eval_json("$ ~> |items|{'n': n * 10}, 'tmp'|", doc).unwrap();
        assert_eq!(out, Some(json!({"items":[{"n":10},{"n":20}]})));
    }

    #[test]
    fn update_must_be_an_object() {
        assert_eq!(eval_json("$ ~> |$|'x'|", r#"{"a":1}"#).unwrap_err().code, "T2011");
    }
}
