//! The intrinsic functions themselves, each taking already evaluated arguments.

use base64::Engine;
use serde_json::{Map, Number, Value};

use super::IntrinsicError;

type Out = Result<Value, IntrinsicError>;

/// Dispatches on the function name (without `States.`).
pub(super) fn apply(name: &str, args: Vec<Value>) -> Out {
    match name {
        "Format" => format(args),
        "StringToJson" => string_to_json(one(name, args)?),
        "JsonToString" => Ok(Value::String(one(name, args)?.to_string())),
        "Array" => Ok(Value::Array(args)),
        "ArrayPartition" => array_partition(two(name, args)?),
        "ArrayContains" => {
            let (a, v) = two(name, args)?;
            Ok(Value::Bool(array(name, &a)?.contains(&v)))
        }
        "ArrayRange" => array_range(args),
        "ArrayGetItem" => array_get_item(two(name, args)?),
        "ArrayLength" => Ok(Value::from(array(name, &one(name, args)?)?.len())),
        "ArrayUnique" => array_unique(one(name, args)?),
        "Base64Encode" => base64_encode(one(name, args)?),
        "Base64Decode" => base64_decode(one(name, args)?),
        "Hash" => hash(two(name, args)?),
        "JsonMerge" => json_merge(args),
        "MathRandom" => math_random(args),
        "MathAdd" => math_add(two(name, args)?),
        "StringSplit" => string_split(two(name, args)?),
        "UUID" => {
            count(name, &args, 0)?;
            Ok(Value::String(uuid::Uuid::new_v4().to_string()))
        }
        other => Err(IntrinsicError::new(format!("The intrinsic function 'States.{other}' is not supported."))),
    }
}

fn count(name: &str, args: &[Value], n: usize) -> Result<(), IntrinsicError> {
    if args.len() == n {
        Ok(())
    } else {
        Err(IntrinsicError::new(format!(
            "The States.{name} intrinsic function expects {n} argument(s) but {} were provided.",
            args.len()
        )))
    }
}

fn one(name: &str, args: Vec<Value>) -> Result<Value, IntrinsicError> {
    count(name, &args, 1)?;
    Ok(args.into_iter().next().expect("counted"))
}

fn two(name: &str, args: Vec<Value>) -> Result<(Value, Value), IntrinsicError> {
    count(name, &args, 2)?;
    let mut it = args.into_iter();
    Ok((it.next().expect("counted"), it.next().expect("counted")))
}

fn array<'a>(name: &str, v: &'a Value) -> Result<&'a Vec<Value>, IntrinsicError> {
    v.as_array().ok_or_else(|| {
        IntrinsicError::new(format!("The States.{name} intrinsic function expects an array but got {v}."))
    })
}

fn string<'a>(name: &str, v: &'a Value) -> Result<&'a str, IntrinsicError> {
    v.as_str().ok_or_else(|| {
        IntrinsicError::new(format!("The States.{name} intrinsic function expects a string but got {v}."))
    })
}

fn integer(name: &str, v: &Value) -> Result<i64, IntrinsicError> {
    match v.as_i64().or_else(|| v.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)) {
        Some(i) => Ok(i),
        None => {
            Err(IntrinsicError::new(format!("The States.{name} intrinsic function expects an integer but got {v}.")))
        }
    }
}

/// Java's `Math.round` (half up), which AWS applies to MathAdd's arguments.
fn round_half_up(name: &str, v: &Value) -> Result<i64, IntrinsicError> {
    match v {
        Value::Number(n) => Ok(n.as_i64().unwrap_or_else(|| (n.as_f64().unwrap_or(0.0) + 0.5).floor() as i64)),
        _ => Err(IntrinsicError::new(format!("The States.{name} intrinsic function expects a number but got {v}."))),
    }
}

/// How States.Format renders an argument: strings raw, containers like Java's `toString`.
fn render(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(a) => format!("[{}]", a.iter().map(render).collect::<Vec<_>>().join(", ")),
        Value::Object(m) => {
            format!("{{{}}}", m.iter().map(|(k, v)| format!("{k}={}", render(v))).collect::<Vec<_>>().join(", "))
        }
        other => other.to_string(),
    }
}

fn format(args: Vec<Value>) -> Out {
    let Some((template, rest)) = args.split_first() else {
        return Err(IntrinsicError::new("The States.Format intrinsic function expects at least 1 argument."));
    };
    let template = string("Format", template)?;
    let mut out = String::new();
    let mut next = rest.iter();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if matches!(chars.peek(), Some('{' | '}')) => out.push(chars.next().expect("peeked")),
            '{' if chars.peek() == Some(&'}') => {
                chars.next();
                let arg = next.next().ok_or_else(|| {
                    IntrinsicError::new(
                        "The number of arguments does not match the number of placeholders in States.Format.",
                    )
                })?;
                out.push_str(&render(arg));
            }
            c => out.push(c),
        }
    }
    if next.next().is_some() {
        return Err(IntrinsicError::new(
            "The number of arguments does not match the number of placeholders in States.Format.",
        ));
    }
    Ok(Value::String(out))
}

fn string_to_json(v: Value) -> Out {
    let s = string("StringToJson", &v)?;
    // AWS maps blank text to null and reads `-0` as the integer 0.
    if s.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(s).map(|v: Value| if v.as_f64() == Some(0.0) { Value::from(0) } else { v }).map_err(|e| {
        IntrinsicError::new(format!("The States.StringToJson intrinsic function could not parse '{s}': {e}"))
    })
}

fn array_partition((a, size): (Value, Value)) -> Out {
    let items = array("ArrayPartition", &a)?;
    let size = integer("ArrayPartition", &size)?;
    if size <= 0 {
        return Err(IntrinsicError::new(format!(
            "The chunk size in States.ArrayPartition must be positive, but was {size}."
        )));
    }
    Ok(Value::Array(items.chunks(size as usize).map(|c| Value::Array(c.to_vec())).collect()))
}

fn array_range(args: Vec<Value>) -> Out {
    count("ArrayRange", &args, 3)?;
    let [start, end, step] = [0, 1, 2].map(|i| integer("ArrayRange", &args[i]));
    let (start, end, step) = (start?, end?, step?);
    if step == 0 {
        return Err(IntrinsicError::new("The step in States.ArrayRange must not be 0."));
    }
    // i128: the span of two extreme i64 values does not fit in an i64.
    let (span, step128) = (end as i128 - start as i128, step as i128);
    let len = if span.signum() == step128.signum() || span == 0 { span / step128 + 1 } else { 0 };
    if len > 1000 {
        return Err(IntrinsicError::new(format!(
            "States.ArrayRange would create {len} elements; the maximum is 1000."
        )));
    }
    // Every element lies between start and end, so it fits in an i64 once computed in i128.
    Ok(Value::Array((0..len).map(|i| Value::from((start as i128 + i * step128) as i64)).collect()))
}

fn array_get_item((a, index): (Value, Value)) -> Out {
    let items = array("ArrayGetItem", &a)?;
    let i = integer("ArrayGetItem", &index)?;
    usize::try_from(i).ok().and_then(|i| items.get(i)).cloned().ok_or_else(|| {
        IntrinsicError::new(format!("The index {i} is out of bounds for States.ArrayGetItem (length {}).", items.len()))
    })
}

fn array_unique(a: Value) -> Out {
    let mut out: Vec<Value> = Vec::new();
    for v in array("ArrayUnique", &a)? {
        if !out.contains(v) {
            out.push(v.clone());
        }
    }
    Ok(Value::Array(out))
}

fn base64_encode(v: Value) -> Out {
    let s = string("Base64Encode", &v)?;
    if s.len() > 10_000 {
        return Err(IntrinsicError::new("The input to States.Base64Encode exceeds the maximum of 10000 characters."));
    }
    Ok(Value::String(base64::engine::general_purpose::STANDARD.encode(s)))
}

fn base64_decode(v: Value) -> Out {
    let s = string("Base64Decode", &v)?;
    if s.len() > 10_000 {
        return Err(IntrinsicError::new("The input to States.Base64Decode exceeds the maximum of 10000 characters."));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(s)
        .map_err(|e| IntrinsicError::new(format!("States.Base64Decode could not decode '{s}': {e}")))?;
    String::from_utf8(bytes)
        .map(Value::String)
        .map_err(|_| IntrinsicError::new("States.Base64Decode produced invalid UTF-8."))
}

fn hash((data, algorithm): (Value, Value)) -> Out {
    use sha2::Digest;
    let text = match &data {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let bytes = text.as_bytes();
    let digest: Vec<u8> = match string("Hash", &algorithm)? {
        "MD5" => md5::Md5::digest(bytes).to_vec(),
        "SHA-1" => sha1::Sha1::digest(bytes).to_vec(),
        "SHA-256" => sha2::Sha256::digest(bytes).to_vec(),
        "SHA-384" => sha2::Sha384::digest(bytes).to_vec(),
        "SHA-512" => sha2::Sha512::digest(bytes).to_vec(),
        other => {
            return Err(IntrinsicError::new(format!(
                "The hash algorithm '{other}' is not supported by States.Hash; use MD5, SHA-1, SHA-256, SHA-384 or SHA-512."
            )))
        }
    };
    Ok(Value::String(digest.iter().map(|b| format!("{b:02x}")).collect()))
}

fn json_merge(args: Vec<Value>) -> Out {
    count("JsonMerge", &args, 3)?;
    if args[2] != Value::Bool(false) {
        return Err(IntrinsicError::new(
            "States.JsonMerge only supports a shallow merge: its third argument must be false.",
        ));
    }
    let (Value::Object(a), Value::Object(b)) = (&args[0], &args[1]) else {
        return Err(IntrinsicError::new("The States.JsonMerge intrinsic function expects two JSON objects."));
    };
    let mut out: Map<String, Value> = a.clone();
    out.extend(b.clone());
    Ok(Value::Object(out))
}

fn math_random(args: Vec<Value>) -> Out {
    use rand::{Rng, SeedableRng};
    if !(2..=3).contains(&args.len()) {
        return Err(IntrinsicError::new("The States.MathRandom intrinsic function expects 2 or 3 arguments."));
    }
    let (start, end) = (integer("MathRandom", &args[0])?, integer("MathRandom", &args[1])?);
    if start >= end {
        return Err(IntrinsicError::new(format!("States.MathRandom needs start < end, got {start} and {end}.")));
    }
    let n = match args.get(2) {
        Some(seed) => rand::rngs::StdRng::seed_from_u64(integer("MathRandom", seed)? as u64).gen_range(start..end),
        None => rand::thread_rng().gen_range(start..end),
    };
    Ok(Value::from(n))
}

fn math_add((a, b): (Value, Value)) -> Out {
    let (a, b) = (round_half_up("MathAdd", &a)?, round_half_up("MathAdd", &b)?);
    a.checked_add(b)
        .map(|n| Value::Number(Number::from(n)))
        .ok_or_else(|| IntrinsicError::new("States.MathAdd overflowed."))
}

fn string_split((s, delimiters): (Value, Value)) -> Out {
    let s = string("StringSplit", &s)?;
    let delims: Vec<char> = string("StringSplit", &delimiters)?.chars().collect();
    Ok(Value::Array(
        s.split(|c| delims.contains(&c)).filter(|p| !p.is_empty()).map(|p| Value::String(p.to_string())).collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn formats_like_aws() {
        let v = apply("Format", vec![json!("a={} b={} \\{x\\}"), json!({"k": [1, "s"]}), json!(null)]).unwrap();
        assert_eq!(v, json!("a={k=[1, s]} b=null {x}"));
        assert!(apply("Format", vec![json!("{}")]).is_err());
    }

    #[test]
    fn arrays() {
        assert_eq!(apply("ArrayRange", vec![json!(0), json!(10), json!(3)]).unwrap(), json!([0, 3, 6, 9]));
        assert_eq!(apply("ArrayRange", vec![json!(5), json!(1), json!(-2)]).unwrap(), json!([5, 3, 1]));
        // Steps as wide as i64 itself: the elements fit, their products with the index would not.
        assert_eq!(
            apply("ArrayRange", vec![json!(-i64::MAX), json!(i64::MAX), json!(i64::MAX)]).unwrap(),
            json!([-i64::MAX, 0, i64::MAX])
        );
        assert!(apply("ArrayRange", vec![json!(i64::MIN), json!(i64::MAX), json!(1)]).is_err());
        assert_eq!(apply("ArrayPartition", vec![json!([1, 2, 3]), json!(2)]).unwrap(), json!([[1, 2], [3]]));
        assert_eq!(apply("ArrayUnique", vec![json!([1, 2, 1, 3])]).unwrap(), json!([1, 2, 3]));
        assert_eq!(apply("ArrayGetItem", vec![json!([1, 2]), json!(1)]).unwrap(), json!(2));
        assert!(apply("ArrayGetItem", vec![json!([1, 2]), json!(5)]).is_err());
    }

    #[test]
    fn math_and_strings() {
        assert_eq!(apply("MathAdd", vec![json!(-2.5), json!(1.5)]).unwrap(), json!(0));
        assert_eq!(apply("StringSplit", vec![json!(", , ,"), json!(",")]).unwrap(), json!([" ", " "]));
        assert_eq!(apply("Base64Decode", vec![json!("SGVsbG8=")]).unwrap(), json!("Hello"));
        assert_eq!(
            apply("Hash", vec![json!("input data"), json!("MD5")]).unwrap(),
            json!("812f45842bc6d66ee14572ce20db8e86")
        );
        let r = apply("MathRandom", vec![json!(1), json!(3), json!(7)]).unwrap().as_i64().unwrap();
        assert!((1..3).contains(&r));
    }
}
