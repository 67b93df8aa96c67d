//! Object functions and the error/type utilities.

use super::{arg, err, Entry};
use crate::error::Result;
use crate::eval::{lookup as lookup_key, Evaluator};
use crate::value::{Env, Obj, V};

pub(super) const ENTRIES: &[Entry] = &[
    ("keys", "<x-:a<s>>", 1, keys),
    ("values", "<x-:a>", 1, values),
    ("lookup", "<x-s:x>", 2, lookup),
    ("spread", "<x-:a<o>>", 1, spread),
    ("merge", "<a<o>:o>", 1, merge),
    ("type", "<x:s>", 1, type_of),
    ("error", "<s?:x>", 1, error),
    ("assert", "<bs?:x>", 2, assert),
];

fn key_list(v: &V, out: &mut Vec<String>) {
    crate::value::deep(|| match v {
        V::Arr(a) => a.items.iter().for_each(|i| key_list(i, out)),
        V::Obj(o) => {
            for k in o.keys() {
                if !out.contains(k) {
                    out.push(k.clone());
                }
            }
        }
        _ => {}
    })
}

fn keys(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let mut out = Vec::new();
    key_list(&arg(args, 0), &mut out);
    Ok(V::seq(out.into_iter().map(V::string).collect()))
}

fn values(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let mut out = Vec::new();
    for item in arg(args, 0).items() {
        if let V::Obj(o) = item {
            out.extend(o.values().cloned());
        }
    }
    Ok(V::seq(out))
}

fn lookup(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let key = arg(args, 1);
    Ok(lookup_key(&arg(args, 0), key.as_str().unwrap_or("")))
}

fn spread_into(v: &V, out: &mut Vec<V>) {
    crate::value::deep(|| match v {
        V::Arr(a) => a.items.iter().for_each(|i| spread_into(i, out)),
        V::Obj(o) => {
            for (k, val) in o.iter() {
                let mut one = Obj::new();
                one.insert(k.clone(), val.clone());
                out.push(V::object(one));
            }
        }
        other => out.push(other.clone()),
    })
}

fn spread(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let v = arg(args, 0);
    match &v {
        V::Arr(_) | V::Obj(_) => {
            let mut out = Vec::new();
            spread_into(&v, &mut out);
            Ok(V::seq(out))
        }
        _ => Ok(v),
    }
}

fn merge(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let v = arg(args, 0);
    if v.is_undef() {
        return Ok(V::Undef);
    }
    let mut out = Obj::new();
    for item in v.items() {
        if let V::Obj(o) = item {
            for (k, val) in o.iter() {
                out.insert(k.clone(), val.clone());
            }
        }
    }
    Ok(V::object(out))
}

fn type_of(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    Ok(arg(args, 0).type_name().map(V::str).unwrap_or_default())
}

fn error(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let msg = arg(args, 0).as_str().unwrap_or("$error() function evaluated").to_string();
    Err(err("D3137", msg))
}

fn assert(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    if arg(args, 0).truthy() {
        return Ok(V::Undef);
    }
    let msg = arg(args, 1).as_str().unwrap_or("$assert() statement failed").to_string();
    Err(err("D3141", msg))
}

#[cfg(test)]
mod tests {
    use crate::eval_json;
    use serde_json::json;

    #[test]
    fn object_functions() {
        let doc = r#"{"a":1,"b":{"c":2}}"#;
        assert_eq!(eval_json("$keys($)", doc).unwrap(), Some(json!(["a", "b"])));
        assert_eq!(eval_json("$lookup(b, 'c')", doc).unwrap(), Some(json!(2)));
        assert_eq!(eval_json("$merge([{'a':1},{'a':2,'b':3}])", "null").unwrap(), Some(json!({"a":2,"b":3})));
        assert_eq!(eval_json("$spread({'a':1,'b':2})", "null").unwrap(), Some(json!([{"a":1},{"b":2}])));
        assert_eq!(eval_json("$type(b)", doc).unwrap(), Some(json!("object")));
        assert_eq!(eval_json("$error('boom')", doc).unwrap_err().message, "boom");
        assert_eq!(eval_json("$assert(false)", doc).unwrap_err().code, "D3141");
    }
}
