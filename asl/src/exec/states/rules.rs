//! JSONPath choice rules: comparisons, `Is*` tests and `And`/`Or`/`Not`.

use std::cmp::Ordering;

use chrono::{DateTime, FixedOffset};
use serde_json::Value;

use crate::exec::error::Failure;
use crate::exec::jsonpath::Env;
use crate::model::{ChoiceRule, Comparison};
use crate::path;

/// True when `rule` holds for `input`.
pub(super) fn matches(rule: &ChoiceRule, env: &Env, input: &Value) -> Result<bool, Failure> {
    if let Some(all) = &rule.and {
        for r in all {
            if !matches(r, env, input)? {
                return Ok(false);
            }
        }
        return Ok(true);
    }
    if let Some(any) = &rule.or {
        for r in any {
            if matches(r, env, input)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    if let Some(not) = &rule.not {
        return Ok(!matches(not, env, input)?);
    }
    let (Some(var), Some(cmp)) = (&rule.variable, &rule.comparison) else {
        return Err(Failure::runtime("A choice rule needs a Variable and a comparison operator."));
    };
    let parsed = path::parse(var).map_err(|e| Failure::runtime(e.to_string()))?;
    let value = env.read(&parsed, input).ok();
    if let Comparison::IsPresent(expect) = cmp {
        return Ok(value.is_some() == *expect);
    }
    let Some(value) = value else {
        return Err(Failure::runtime(format!(
            "Invalid path '{var}': The choice state's condition path references an invalid value."
        )));
    };
    compare(cmp, &value, env, input)
}

fn other(env: &Env, input: &Value, p: &str) -> Result<Value, Failure> {
    let parsed = path::parse(p).map_err(|e| Failure::runtime(e.to_string()))?;
    env.read(&parsed, input).map_err(|_| {
        Failure::runtime(format!("Invalid path '{p}': The choice state's condition path references an invalid value."))
    })
}

fn compare(cmp: &Comparison, v: &Value, env: &Env, input: &Value) -> Result<bool, Failure> {
    use Comparison::*;
    let s = |o: Ordering, want: fn(Ordering) -> bool| want(o);
    Ok(match cmp {
        StringEquals(x) => str_cmp(v, &Value::String(x.clone())).is_some_and(|o| o.is_eq()),
        StringLessThan(x) => str_cmp(v, &Value::String(x.clone())).is_some_and(|o| s(o, Ordering::is_lt)),
        StringGreaterThan(x) => str_cmp(v, &Value::String(x.clone())).is_some_and(|o| s(o, Ordering::is_gt)),
        StringLessThanEquals(x) => str_cmp(v, &Value::String(x.clone())).is_some_and(|o| s(o, Ordering::is_le)),
        StringGreaterThanEquals(x) => str_cmp(v, &Value::String(x.clone())).is_some_and(|o| s(o, Ordering::is_ge)),
        StringEqualsPath(p) => str_cmp(v, &other(env, input, p)?).is_some_and(|o| o.is_eq()),
        StringLessThanPath(p) => str_cmp(v, &other(env, input, p)?).is_some_and(Ordering::is_lt),
        StringGreaterThanPath(p) => str_cmp(v, &other(env, input, p)?).is_some_and(Ordering::is_gt),
        StringLessThanEqualsPath(p) => str_cmp(v, &other(env, input, p)?).is_some_and(Ordering::is_le),
        StringGreaterThanEqualsPath(p) => str_cmp(v, &other(env, input, p)?).is_some_and(Ordering::is_ge),
        StringMatches(pattern) => v.as_str().is_some_and(|t| wildcard(pattern, t)),
        NumericEquals(n) => num_cmp(v, &Value::Number(n.clone())).is_some_and(Ordering::is_eq),
        NumericLessThan(n) => num_cmp(v, &Value::Number(n.clone())).is_some_and(Ordering::is_lt),
        NumericGreaterThan(n) => num_cmp(v, &Value::Number(n.clone())).is_some_and(Ordering::is_gt),
        NumericLessThanEquals(n) => num_cmp(v, &Value::Number(n.clone())).is_some_and(Ordering::is_le),
        NumericGreaterThanEquals(n) => num_cmp(v, &Value::Number(n.clone())).is_some_and(Ordering::is_ge),
        NumericEqualsPath(p) => num_cmp(v, &other(env, input, p)?).is_some_and(Ordering::is_eq),
        NumericLessThanPath(p) => num_cmp(v, &other(env, input, p)?).is_some_and(Ordering::is_lt),
        NumericGreaterThanPath(p) => num_cmp(v, &other(env, input, p)?).is_some_and(Ordering::is_gt),
        NumericLessThanEqualsPath(p) => num_cmp(v, &other(env, input, p)?).is_some_and(Ordering::is_le),
        NumericGreaterThanEqualsPath(p) => num_cmp(v, &other(env, input, p)?).is_some_and(Ordering::is_ge),
        BooleanEquals(b) => v.as_bool() == Some(*b),
        BooleanEqualsPath(p) => {
            let o = other(env, input, p)?;
            v.as_bool().is_some() && o.as_bool().is_some() && v.as_bool() == o.as_bool()
        }
        TimestampEquals(t) => ts_cmp(v, &Value::String(t.clone())).is_some_and(Ordering::is_eq),
        TimestampLessThan(t) => ts_cmp(v, &Value::String(t.clone())).is_some_and(Ordering::is_lt),
        TimestampGreaterThan(t) => ts_cmp(v, &Value::String(t.clone())).is_some_and(Ordering::is_gt),
        TimestampLessThanEquals(t) => ts_cmp(v, &Value::String(t.clone())).is_some_and(Ordering::is_le),
        TimestampGreaterThanEquals(t) => ts_cmp(v, &Value::String(t.clone())).is_some_and(Ordering::is_ge),
        TimestampEqualsPath(p) => ts_cmp(v, &other(env, input, p)?).is_some_and(Ordering::is_eq),
        TimestampLessThanPath(p) => ts_cmp(v, &other(env, input, p)?).is_some_and(Ordering::is_lt),
        TimestampGreaterThanPath(p) => ts_cmp(v, &other(env, input, p)?).is_some_and(Ordering::is_gt),
        TimestampLessThanEqualsPath(p) => ts_cmp(v, &other(env, input, p)?).is_some_and(Ordering::is_le),
        TimestampGreaterThanEqualsPath(p) => ts_cmp(v, &other(env, input, p)?).is_some_and(Ordering::is_ge),
        IsNull(b) => v.is_null() == *b,
        IsNumeric(b) => v.is_number() == *b,
        IsString(b) => v.is_string() == *b,
        IsBoolean(b) => v.is_boolean() == *b,
        IsTimestamp(b) => v.as_str().and_then(timestamp).is_some() == *b,
        IsPresent(b) => *b,
    })
}

fn str_cmp(a: &Value, b: &Value) -> Option<Ordering> {
    Some(a.as_str()?.cmp(b.as_str()?))
}

fn num_cmp(a: &Value, b: &Value) -> Option<Ordering> {
    let (Value::Number(a), Value::Number(b)) = (a, b) else { return None };
    match (a.as_i64(), b.as_i64()) {
        (Some(x), Some(y)) => Some(x.cmp(&y)),
        _ => a.as_f64()?.partial_cmp(&b.as_f64()?),
    }
}

fn ts_cmp(a: &Value, b: &Value) -> Option<Ordering> {
    Some(timestamp(a.as_str()?)?.cmp(&timestamp(b.as_str()?)?))
}

/// An RFC 3339 timestamp with an uppercase `T` and a zone, as AWS requires.
pub(crate) fn timestamp(s: &str) -> Option<DateTime<FixedOffset>> {
    if !s.contains('T') {
        return None;
    }
    DateTime::parse_from_rfc3339(s).ok()
}

/// `StringMatches`: `*` matches any run of characters; `\*` and `\\` are literal.
fn wildcard(pattern: &str, text: &str) -> bool {
    enum Tok {
        Star,
        Char(char),
    }
    let mut toks = Vec::new();
    let mut it = pattern.chars();
    while let Some(c) = it.next() {
        match c {
            '\\' => toks.push(Tok::Char(it.next().unwrap_or('\\'))),
            '*' => toks.push(Tok::Star),
            c => toks.push(Tok::Char(c)),
        }
    }
    let text: Vec<char> = text.chars().collect();
    // dp[j]: the first i tokens match the first j characters.
    let mut dp = vec![false; text.len() + 1];
    dp[0] = true;
    for t in &toks {
        let mut next = vec![false; text.len() + 1];
        match t {
            Tok::Star => {
                let mut any = false;
                for j in 0..=text.len() {
                    any |= dp[j];
                    next[j] = any;
                }
            }
            Tok::Char(c) => {
                for j in 1..=text.len() {
                    next[j] = dp[j - 1] && text[j - 1] == *c;
                }
            }
        }
        dp = next;
    }
    dp[text.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(wildcard("log-*.txt", "log-2024.txt"));
        assert!(wildcard("*", ""));
        assert!(!wildcard("a*b", "ac"));
        assert!(wildcard("a\\*b", "a*b"));
        assert!(!wildcard("a\\*b", "axb"));
    }

    #[test]
    fn numbers_and_timestamps() {
        assert_eq!(num_cmp(&serde_json::json!(1), &serde_json::json!(1.0)), Some(Ordering::Equal));
        assert!(timestamp("2016-03-14T01:59:00Z").is_some());
        assert!(timestamp("2016-03-14").is_none());
    }
}
