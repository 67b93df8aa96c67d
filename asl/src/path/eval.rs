//! Reads a parsed path from a JSON value.

use serde_json::Value;

use super::{Path, PathError, Segment, Selector};

/// Reads `path` from `root` (the value its root names). A definite path yields the node or
/// `NoResults`; an indefinite one yields the array of every match (possibly empty).
pub fn select(path: &Path, root: &Value) -> Result<Value, PathError> {
    let found = nodes(path, root);
    if path.is_definite() {
        found.first().map(|v| (*v).clone()).ok_or_else(|| PathError::NoResults { normalized: path.normalized() })
    } else {
        Ok(Value::Array(found.into_iter().cloned().collect()))
    }
}

/// Every node `path` matches, in document order.
pub(super) fn nodes<'a>(path: &Path, root: &'a Value) -> Vec<&'a Value> {
    let mut current = vec![root];
    for seg in &path.segments {
        let mut next = Vec::new();
        for node in current {
            match seg {
                Segment::Child(sels) => sels.iter().for_each(|s| apply(s, node, root, &mut next)),
                Segment::Descendant(sels) => {
                    let mut all = Vec::new();
                    descendants(node, &mut all);
                    for n in all {
                        sels.iter().for_each(|s| apply(s, n, root, &mut next));
                    }
                }
            }
        }
        current = next;
    }
    current
}

fn descendants<'a>(node: &'a Value, out: &mut Vec<&'a Value>) {
    out.push(node);
    match node {
        Value::Object(m) => m.values().for_each(|v| descendants(v, out)),
        Value::Array(a) => a.iter().for_each(|v| descendants(v, out)),
        _ => {}
    }
}

fn apply<'a>(sel: &Selector, node: &'a Value, root: &'a Value, out: &mut Vec<&'a Value>) {
    match (sel, node) {
        (Selector::Name(n), Value::Object(m)) => out.extend(m.get(n)),
        (Selector::Index(i), Value::Array(a)) => {
            let idx = if *i < 0 { a.len() as i64 + i } else { *i };
            if idx >= 0 {
                out.extend(a.get(idx as usize));
            }
        }
        (Selector::Wildcard, Value::Object(m)) => out.extend(m.values()),
        (Selector::Wildcard, Value::Array(a)) => out.extend(a.iter()),
        (Selector::Slice(start, end, step), Value::Array(a)) => slice(a, *start, *end, *step, out),
        (Selector::Filter(f), Value::Array(a)) => out.extend(a.iter().filter(|v| f.test(v, root))),
        (Selector::Filter(f), Value::Object(_)) if f.test(node, root) => out.push(node),
        _ => {}
    }
}

fn slice<'a>(a: &'a [Value], start: Option<i64>, end: Option<i64>, step: Option<i64>, out: &mut Vec<&'a Value>) {
    let len = a.len() as i64;
    let norm = |i: i64| if i < 0 { (len + i).max(0) } else { i.min(len) };
    let step = step.unwrap_or(1);
    if step <= 0 {
        return;
    }
    let (s, e) = (norm(start.unwrap_or(0)), norm(end.unwrap_or(len)));
    let mut i = s;
    while i < e {
        out.push(&a[i as usize]);
        match i.checked_add(step) {
            Some(n) => i = n,
            None => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;
    use serde_json::json;

    fn sel(p: &str, v: &Value) -> Result<Value, PathError> {
        select(&parse(p).unwrap(), v)
    }

    #[test]
    fn definite_and_indefinite() {
        let v = json!({"a": {"b": [1, 2, 3]}, "c": [{"x": 1}, {"x": 5}, {"y": 2}]});
        assert_eq!(sel("$.a.b[1]", &v).unwrap(), json!(2));
        assert_eq!(sel("$.a.b[-1]", &v).unwrap(), json!(3));
        assert_eq!(sel("$.a.b[0:2]", &v).unwrap(), json!([1, 2]));
        assert_eq!(sel("$.c[*].x", &v).unwrap(), json!([1, 5]));
        assert_eq!(sel("$..x", &v).unwrap(), json!([1, 5]));
        assert_eq!(sel("$.c[?(@.x > 2)]", &v).unwrap(), json!([{"x": 5}]));
        assert_eq!(sel("$.c[?(@.y)]", &v).unwrap(), json!([{"y": 2}]));
        assert_eq!(sel("$.nope[*]", &v).unwrap(), json!([]));
        assert_eq!(sel("$.a.b[1::9223372036854775807]", &v).unwrap(), json!([2]));
        assert_eq!(
            sel("$.a.b[-9223372036854775808]", &v).unwrap_err().to_string(),
            "No results for path: $['a']['b'][-9223372036854775808]"
        );
    }

    #[test]
    fn missing_definite_path_reports_normalized_form() {
        let err = sel("$.NoSuchInputPath", &json!({})).unwrap_err();
        assert_eq!(err.to_string(), "No results for path: $['NoSuchInputPath']");
    }
}
