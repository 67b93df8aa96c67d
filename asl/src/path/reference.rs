//! Writes a value at a reference path, as `ResultPath` does.

use serde_json::{Map, Value};

use super::{Path, PathError, Root, Segment, Selector};

/// Returns `target` with `value` placed at `path`, creating objects on the way.
/// Only definite paths of names and indices are reference paths.
pub fn set_at(target: Value, path: &Path, value: Value) -> Result<Value, PathError> {
    if path.root != Root::Input {
        return Err(not_writable(path, "a ResultPath must start with '$'"));
    }
    let mut steps = Vec::new();
    for seg in &path.segments {
        match seg {
            Segment::Child(s) if s.len() == 1 && matches!(s[0], Selector::Name(_) | Selector::Index(_)) => {
                steps.push(&s[0])
            }
            _ => return Err(not_writable(path, "only field names and indices are allowed in a reference path")),
        }
    }
    let mut root = target;
    write(&mut root, &steps, value, path)?;
    Ok(root)
}

fn write(node: &mut Value, steps: &[&Selector], value: Value, path: &Path) -> Result<(), PathError> {
    let Some((first, rest)) = steps.split_first() else {
        *node = value;
        return Ok(());
    };
    match first {
        Selector::Name(n) => {
            if !node.is_object() {
                // AWS replaces a non-object on the way with a fresh object.
                *node = Value::Object(Map::new());
            }
            let map = node.as_object_mut().expect("just made an object");
            let child = map.entry(n.clone()).or_insert(Value::Null);
            if rest.is_empty() {
                *child = value;
                Ok(())
            } else {
                write(child, rest, value, path)
            }
        }
        Selector::Index(i) => {
            let Value::Array(a) = node else {
                return Err(not_writable(path, "an index step needs an array"));
            };
            let idx = if *i < 0 { a.len() as i64 + i } else { *i };
            match usize::try_from(idx).ok().and_then(|i| a.get_mut(i)) {
                Some(child) => write(child, rest, value, path),
                None => Err(not_writable(path, "index out of bounds")),
            }
        }
        _ => Err(not_writable(path, "not a reference path")),
    }
}

fn not_writable(path: &Path, message: &str) -> PathError {
    PathError::NotWritable { path: path.text.clone(), message: message.into() }
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;
    use serde_json::json;

    #[test]
    fn creates_and_replaces() {
        let out = set_at(json!({"a": 1}), &parse("$.b.c").unwrap(), json!(2)).unwrap();
        assert_eq!(out, json!({"a": 1, "b": {"c": 2}}));
        let out = set_at(json!({"a": 1}), &parse("$").unwrap(), json!(2)).unwrap();
        assert_eq!(out, json!(2));
        let out = set_at(json!({"a": [0, 1]}), &parse("$.a[1]").unwrap(), json!("x")).unwrap();
        assert_eq!(out, json!({"a": [0, "x"]}));
        assert!(set_at(json!({}), &parse("$.a[*]").unwrap(), json!(1)).is_err());
    }
}
