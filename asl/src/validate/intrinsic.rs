//! Arity and literal arguments of intrinsic functions (`States.Format('{}', $.x)`); the syntax is
//! read by the executor's own parser, so validator and executor agree on what a call is.

use serde_json::Value;

use crate::intrinsics::{self, Arg, Call};

/// How many arguments each intrinsic takes: `(name, min, max)`; `None` means no upper bound.
const ARITY: &[(&str, usize, Option<usize>)] = &[
    ("Format", 1, None),
    ("StringToJson", 1, Some(1)),
    ("JsonToString", 1, Some(1)),
    ("Array", 0, None),
    ("ArrayPartition", 2, Some(2)),
    ("ArrayContains", 2, Some(2)),
    ("ArrayRange", 3, Some(3)),
    ("ArrayGetItem", 2, Some(2)),
    ("ArrayLength", 1, Some(1)),
    ("ArrayUnique", 1, Some(1)),
    ("Base64Encode", 1, Some(1)),
    ("Base64Decode", 1, Some(1)),
    ("Hash", 2, Some(2)),
    ("JsonMerge", 3, Some(3)),
    ("MathRandom", 2, Some(3)),
    ("MathAdd", 2, Some(2)),
    ("StringSplit", 2, Some(2)),
    ("UUID", 0, Some(0)),
];

const HASH_ALGORITHMS: &[&str] = &["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"];

/// Whether a `.$` value is meant as an intrinsic call rather than a path.
pub(crate) fn looks_like_call(s: &str) -> bool {
    intrinsics::is_intrinsic(s)
}

/// Intrinsics whose result is always a string: the only ones a Fail state's ErrorPath/CausePath take.
const STRING_RESULTS: &[&str] =
    &["Format", "JsonToString", "ArrayGetItem", "Base64Encode", "Base64Decode", "Hash", "UUID"];

/// Whether the outermost function of a well-formed call can yield a string.
pub(crate) fn returns_string(text: &str) -> bool {
    intrinsics::parse(text).is_ok_and(|call| STRING_RESULTS.contains(&call.name.as_str()))
}

/// Returns the reason `text` is not a well-formed intrinsic function call, if it is not.
pub(crate) fn call_error(text: &str) -> Option<String> {
    match intrinsics::parse(text) {
        Err(e) => Some(e.message),
        Ok(call) => check_call(&call).err().map(|m| format!("Invalid intrinsic function '{text}': {m}")),
    }
}

fn check_call(call: &Call) -> Result<(), String> {
    let name = &call.name;
    let Some(&(_, min, max)) = ARITY.iter().find(|(n, _, _)| n == name) else {
        return Err(format!("unknown intrinsic function 'States.{name}'"));
    };
    let n = call.args.len();
    if n < min || max.is_some_and(|m| n > m) {
        let expected = match max {
            Some(m) if m == min => format!("{min}"),
            Some(m) => format!("{min} to {m}"),
            None => format!("at least {min}"),
        };
        return Err(format!("States.{name} takes {expected} argument(s), found {n}"));
    }
    for arg in &call.args {
        if let Arg::Call(inner) = arg {
            check_call(inner)?;
        }
    }
    check_literals(name, &call.args)
}

/// Checks that need literal arguments: placeholders, hash algorithms, deep merge.
fn check_literals(name: &str, args: &[Arg]) -> Result<(), String> {
    let literal = |i: usize| match args.get(i) {
        Some(Arg::Literal(v)) => Some(v),
        _ => None,
    };
    match name {
        "Format" => {
            if let Some(Value::String(template)) = literal(0) {
                let holes = placeholders(template);
                if holes != args.len() - 1 {
                    return Err(format!(
                        "the template has {holes} '{{}}' placeholder(s) but {} value(s) follow it",
                        args.len() - 1
                    ));
                }
            }
        }
        "Hash" => {
            if let Some(Value::String(algorithm)) = literal(1) {
                if !HASH_ALGORITHMS.contains(&algorithm.as_str()) {
                    return Err(format!(
                        "'{algorithm}' is not a hash algorithm; use one of {}",
                        HASH_ALGORITHMS.join(", ")
                    ));
                }
            }
        }
        "JsonMerge" if literal(2).is_some_and(|v| v != &Value::Bool(false)) => {
            return Err("States.JsonMerge supports only a shallow merge: its third argument must be false".to_owned());
        }
        _ => {}
    }
    Ok(())
}

/// Counts `{}` pairs; the parser keeps `\{` and `\}` escaped so they are not counted.
fn placeholders(template: &str) -> usize {
    let chars: Vec<char> = template.chars().collect();
    let (mut i, mut n) = (0, 0);
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '{' if chars.get(i + 1) == Some(&'}') => {
                n += 1;
                i += 2;
            }
            _ => i += 1,
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::call_error;

    #[test]
    fn accepts_well_formed_calls() {
        for ok in [
            "States.Format('Hello {}, welcome to {}!', $.name, $.place)",
            "States.Array()",
            "States.UUID()",
            "States.MathAdd(States.MathAdd($a, $b), -1)",
            "States.JsonMerge($.a, $.b, false)",
            "States.StringToJson('{\"a\":\"b \\\"c\\\"\"}')",
            "States.Hash($.s, 'SHA-256')",
            "States.MathRandom(1, 10)",
            "States.Format('x \\{\\} {}', $.items[?(@.a == 1)])",
        ] {
            assert_eq!(call_error(ok), None, "{ok}");
        }
    }

    #[test]
    fn refuses_malformed_calls() {
        for (bad, why) in [
            ("States.Nope($.a)", "unknown intrinsic function 'States.Nope'"),
            ("States.ArrayLength($.a, $.b)", "takes 1 argument(s), found 2"),
            ("States.Array(States.UUID(1))", "States.UUID takes 0 argument(s), found 1"),
            ("States.Format('{} {}', $.a)", "2 '{}' placeholder(s) but 1 value(s)"),
            ("States.Hash($.a, 'SHA-3')", "not a hash algorithm"),
            ("States.JsonMerge($.a, $.b, true)", "shallow merge"),
            ("States.Array($.a", "expected ',' or ')'"),
            ("States.Array('a) ", "unterminated string"),
            ("States.Array(foo)", "unexpected argument 'foo'"),
            ("States.UUID() x", "unexpected text after"),
        ] {
            let got = call_error(bad).unwrap_or_default();
            assert!(got.contains(why), "{bad}: {got}");
        }
    }
}
