//! Date/time functions. Timestamps are milliseconds since the Unix epoch, UTC.

use super::{arg, err, Entry};
use crate::error::Result;
use crate::eval::Evaluator;
use crate::picture;
use crate::value::{Env, V};

pub(super) const ENTRIES: &[Entry] = &[
    ("now", "<s?s?:s>", 2, now),
    ("millis", "<:n>", 0, millis),
    ("fromMillis", "<n-s?s?:s>", 3, from_millis),
    ("toMillis", "<s-s?:n>", 2, to_millis),
];

fn now(ev: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    format(ev.now_ms, &arg(args, 0), &arg(args, 1))
}

fn millis(ev: &Evaluator, _: &[V], _: &V, _: &Env) -> Result<V> {
    Ok(V::Num(ev.now_ms))
}

fn format(ms: f64, pic: &V, tz: &V) -> Result<V> {
    let tz = tz.as_str();
    match pic.as_str() {
        None if tz.is_none() => Ok(V::string(picture::iso(ms)?)),
        p => Ok(V::string(picture::format_datetime(ms, p, tz)?)),
    }
}

fn from_millis(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let V::Num(ms) = arg(args, 0) else { return Ok(V::Undef) };
    format(ms, &arg(args, 1), &arg(args, 2))
}

fn to_millis(ev: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let V::Str(s) = arg(args, 0) else { return Ok(V::Undef) };
    match arg(args, 1).as_str() {
        None => picture::parse_iso(&s)
            .map(V::Num)
            .ok_or_else(|| err("D3110", format!("The timestamp '{s}' is not in the ISO 8601 format"))),
        Some(p) => Ok(picture::parse_datetime(&s, p, ev.now_ms)?.map(V::Num).unwrap_or_default()),
    }
}

#[cfg(test)]
mod tests {
    use crate::eval_json;
    use serde_json::json;

    #[test]
    fn millis_round_trip_through_pictures() {
        assert_eq!(eval_json("$fromMillis(1521801216617)", "null").unwrap(), Some(json!("2018-03-23T10:33:36.617Z")));
        assert_eq!(
            eval_json("$fromMillis(1521801216617, '[D1o] [MNn] [Y], [h]:[m01][P]', '-0500')", "null").unwrap(),
            Some(json!("23rd March 2018, 5:33am"))
        );
        assert_eq!(eval_json("$toMillis('2018-03-23T10:33:36.617Z')", "null").unwrap(), Some(json!(1521801216617u64)));
        assert_eq!(eval_json("$now() = $now()", "null").unwrap(), Some(json!(true)));
        assert_eq!(eval_json("$toMillis('x')", "null").unwrap_err().code, "D3110");
    }
}
