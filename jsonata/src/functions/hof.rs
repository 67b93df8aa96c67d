//! Higher-order functions: they pass a callback as many of (value, index, array) as it takes.

use super::{arg, err, Entry};
use crate::error::Result;
use crate::eval::Evaluator;
use crate::value::{Env, Obj, V};

pub(super) const ENTRIES: &[Entry] = &[
    ("map", "<af>", 2, map),
    ("filter", "<af>", 2, filter),
    ("single", "<af?>", 2, single),
    ("reduce", "<afj?:j>", 3, reduce),
    ("each", "<o-f:a>", 2, each),
    ("sift", "<o-f?:o>", 2, sift),
];

fn arity(f: &V) -> usize {
    match f {
        V::Func(f) => f.arity(),
        _ => 0,
    }
}

fn callback_args(f: &V, value: V, index: usize, all: &V) -> Vec<V> {
    let n = arity(f);
    let mut args = vec![value];
    if n >= 2 {
        args.push(V::Num(index as f64));
    }
    if n >= 3 {
        args.push(all.clone());
    }
    args
}

/// The same for `$each` and `$sift`: (value, key, object).
fn entry_args(f: &V, value: &V, key: &str, object: &V) -> Vec<V> {
    let n = arity(f);
    let mut args = vec![value.clone()];
    if n >= 2 {
        args.push(V::str(key));
    }
    if n >= 3 {
        args.push(object.clone());
    }
    args
}

fn map(ev: &Evaluator, args: &[V], input: &V, env: &Env) -> Result<V> {
    let a = arg(args, 0);
    if a.is_undef() {
        return Ok(V::Undef);
    }
    let f = arg(args, 1);
    let mut out = Vec::new();
    for (i, v) in a.items().into_iter().enumerate() {
        let r = ev.apply(&f, callback_args(&f, v, i, &a), input, env)?;
        if !r.is_undef() {
            out.push(r);
        }
    }
    Ok(V::seq(out))
}

fn filter(ev: &Evaluator, args: &[V], input: &V, env: &Env) -> Result<V> {
    let a = arg(args, 0);
    if a.is_undef() {
        return Ok(V::Undef);
    }
    let f = arg(args, 1);
    let mut out = Vec::new();
    for (i, v) in a.items().into_iter().enumerate() {
        if ev.apply(&f, callback_args(&f, v.clone(), i, &a), input, env)?.truthy() {
            out.push(v);
        }
    }
    Ok(V::seq(out))
}

fn single(ev: &Evaluator, args: &[V], input: &V, env: &Env) -> Result<V> {
    let a = arg(args, 0);
    if a.is_undef() {
        return Ok(V::Undef);
    }
    let f = arg(args, 1);
    let mut found: Option<V> = None;
    for (i, v) in a.items().into_iter().enumerate() {
        let hit = f.is_undef() || ev.apply(&f, callback_args(&f, v.clone(), i, &a), input, env)?.truthy();
        if hit {
            if found.is_some() {
                return Err(err(
                    "D3138",
                    "The $single() function expected exactly 1 matching result.  Instead it matched more.",
                ));
            }
            found = Some(v);
        }
    }
    found.ok_or_else(|| {
        err("D3139", "The $single() function expected exactly 1 matching result.  Instead it matched 0.")
    })
}

fn reduce(ev: &Evaluator, args: &[V], input: &V, env: &Env) -> Result<V> {
    let a = arg(args, 0);
    if a.is_undef() {
        return Ok(V::Undef);
    }
    let f = arg(args, 1);
    let n = arity(&f);
    if n < 2 {
        return Err(err(
            "D3050",
            "The second argument of reduce function must be a function with at least two arguments",
        ));
    }
    let items = a.items();
    let init = arg(args, 2);
    let (mut acc, start) = if init.is_undef() && !items.is_empty() { (items[0].clone(), 1) } else { (init, 0) };
    for (i, v) in items.iter().enumerate().skip(start) {
        let mut call = vec![acc, v.clone()];
        if n >= 3 {
            call.push(V::Num(i as f64));
        }
        if n >= 4 {
            call.push(a.clone());
        }
        acc = ev.apply(&f, call, input, env)?;
    }
    Ok(acc)
}

fn each(ev: &Evaluator, args: &[V], input: &V, env: &Env) -> Result<V> {
    let o = arg(args, 0);
    let V::Obj(obj) = &o else { return Ok(V::Undef) };
    let f = arg(args, 1);
    let mut out = Vec::new();
    for (k, v) in obj.iter() {
        let r = ev.apply(&f, entry_args(&f, v, k, &o), input, env)?;
        if !r.is_undef() {
            out.push(r);
        }
    }
    Ok(V::seq(out))
}

fn sift(ev: &Evaluator, args: &[V], input: &V, env: &Env) -> Result<V> {
    let o = arg(args, 0);
    let V::Obj(obj) = &o else { return Ok(V::Undef) };
    let f = arg(args, 1);
    let mut out = Obj::new();
    for (k, v) in obj.iter() {
        if ev.apply(&f, entry_args(&f, v, k, &o), input, env)?.truthy() {
            out.insert(k.clone(), v.clone());
        }
    }
    Ok(if out.is_empty() { V::Undef } else { V::object(out) })
}

#[cfg(test)]
mod tests {
    use crate::eval_json;
    use serde_json::json;

    #[test]
    fn higher_order_functions() {
        assert_eq!(eval_json("$filter([1,2,3,4], function($v){$v % 2 = 0})", "null").unwrap(), Some(json!([2, 4])));
        assert_eq!(eval_json("$reduce([1,2,3], function($a,$v){$a+$v}, 10)", "null").unwrap(), Some(json!(16)));
        assert_eq!(eval_json("$single([1,2,3], function($v){$v=2})", "null").unwrap(), Some(json!(2)));
        assert_eq!(eval_json("$single([1,2], function($v){$v>0})", "null").unwrap_err().code, "D3138");
        assert_eq!(eval_json("$sift({'a':1,'b':2}, function($v){$v>1})", "null").unwrap(), Some(json!({"b":2})));
        assert_eq!(eval_json("$each({'a':1}, function($v,$k){$k&$v})", "null").unwrap(), Some(json!("a1")));
        assert_eq!(eval_json("$reduce([1], function($a){$a})", "null").unwrap_err().code, "D3050");
    }
}
