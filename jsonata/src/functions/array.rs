//! Array and boolean functions.

use super::{arg, err, Entry};
use crate::error::Result;
use crate::eval::{append as append_values, cmp_f64, cmp_str, merge_sort, Evaluator};
use crate::value::{deep_equal, Env, V};

pub(super) const ENTRIES: &[Entry] = &[
    ("append", "<xx:a>", 2, append),
    ("reverse", "<a:a>", 1, reverse),
    ("shuffle", "<a:a>", 1, shuffle),
    ("distinct", "<x:x>", 1, distinct),
    ("zip", "<a+>", 0, zip),
    ("sort", "<af?:a>", 2, sort),
    ("exists", "<x:b>", 1, exists),
    ("boolean", "<x-:b>", 1, boolean),
    ("not", "<x-:b>", 1, not),
];

fn append(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    Ok(append_values(arg(args, 0), arg(args, 1)))
}

fn reverse(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let a = arg(args, 0);
    if a.is_undef() {
        return Ok(V::Undef);
    }
    let mut items = a.items();
    items.reverse();
    Ok(V::array(items))
}

fn shuffle(ev: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let a = arg(args, 0);
    if a.is_undef() {
        return Ok(V::Undef);
    }
    let mut items = a.items();
    for i in (1..items.len()).rev() {
        let j = (ev.next_random() * (i + 1) as f64) as usize;
        items.swap(i, j.min(i));
    }
    Ok(V::array(items))
}

fn distinct(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let a = arg(args, 0);
    let V::Arr(arr) = &a else { return Ok(a) };
    if arr.items.len() <= 1 {
        return Ok(a);
    }
    let mut out: Vec<V> = Vec::new();
    for v in &arr.items {
        if !out.iter().any(|o| deep_equal(o, v)) {
            out.push(v.clone());
        }
    }
    Ok(V::seq(out))
}

fn zip(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let lists: Vec<Vec<V>> = args.iter().map(|a| a.items()).collect();
    let len = lists.iter().map(Vec::len).min().unwrap_or(0);
    Ok(V::array((0..len).map(|i| V::array(lists.iter().map(|l| l[i].clone()).collect())).collect()))
}

fn sort(ev: &Evaluator, args: &[V], input: &V, env: &Env) -> Result<V> {
    let a = arg(args, 0);
    if a.is_undef() {
        return Ok(V::Undef);
    }
    let items = a.items();
    if items.len() <= 1 {
        return Ok(a);
    }
    let f = arg(args, 1);
    let sorted = if f.is_undef() {
        let all_num = items.iter().all(|v| matches!(v, V::Num(_)));
        let all_str = items.iter().all(|v| matches!(v, V::Str(_)));
        if !all_num && !all_str {
            return Err(err(
                "D3070",
                "The single argument form of the sort function can only be applied to an array of strings or an array of numbers.  Use the second argument to specify a comparison function",
            ));
        }
        merge_sort(items, &|x: &V, y: &V| {
            Ok(match (x, y) {
                (V::Num(p), V::Num(q)) => cmp_f64(*p, *q) > 0,
                (V::Str(p), V::Str(q)) => cmp_str(p, q) > 0,
                _ => false,
            })
        })?
    } else {
        merge_sort(items, &|x: &V, y: &V| Ok(ev.apply(&f, vec![x.clone(), y.clone()], input, env)?.truthy()))?
    };
    Ok(V::array(sorted))
}

fn exists(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    Ok(V::Bool(!arg(args, 0).is_undef()))
}

fn boolean(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let v = arg(args, 0);
    Ok(if v.is_undef() { V::Undef } else { V::Bool(v.truthy()) })
}

fn not(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let v = arg(args, 0);
    Ok(if v.is_undef() { V::Undef } else { V::Bool(!v.truthy()) })
}

#[cfg(test)]
mod tests {
    use crate::eval_json;
    use serde_json::json;

    #[test]
    fn array_functions() {
        assert_eq!(eval_json("$append([1], 2)", "null").unwrap(), Some(json!([1, 2])));
        assert_eq!(eval_json("$distinct([1, 2, 1])", "null").unwrap(), Some(json!([1, 2])));
        assert_eq!(eval_json("$zip([1,2],[3,4,5])", "null").unwrap(), Some(json!([[1, 3], [2, 4]])));
        assert_eq!(eval_json("$sort([3,1,2])", "null").unwrap(), Some(json!([1, 2, 3])));
        assert_eq!(eval_json("$sort([1,'a'])", "null").unwrap_err().code, "D3070");
        assert_eq!(eval_json("$count($shuffle([1,2,3]))", "null").unwrap(), Some(json!(3)));
    }
}
