//! Numeric and aggregation functions.

use super::{arg, err, Entry};
use crate::error::Result;
use crate::eval::Evaluator;
use crate::value::{Env, V};

pub(super) const ENTRIES: &[Entry] = &[
    ("number", "<(nsb)-:n>", 1, number),
    ("abs", "<n-:n>", 1, abs),
    ("floor", "<n-:n>", 1, floor),
    ("ceil", "<n-:n>", 1, ceil),
    ("round", "<n-n?:n>", 2, round),
    ("sqrt", "<n-:n>", 1, sqrt),
    ("power", "<n-n:n>", 2, power),
    // AWS accepts an optional seed: the same seed gives the same number.
    ("random", "<n?:n>", 0, random),
    ("sum", "<a<n>:n>", 1, sum),
    ("max", "<a<n>:n>", 1, max),
    ("min", "<a<n>:n>", 1, min),
    ("average", "<a<n>:n>", 1, average),
    ("count", "<a:n>", 1, count),
    ("formatBase", "<n-n?:s>", 2, format_base),
    ("formatNumber", "<n-so?:s>", 3, format_number),
    ("formatInteger", "<n-s:s>", 2, format_integer),
    ("parseInteger", "<s-s:n>", 2, parse_integer),
];

fn unary(args: &[V], f: impl Fn(f64) -> f64) -> Result<V> {
    Ok(match arg(args, 0) {
        V::Num(n) => V::Num(f(n)),
        _ => V::Undef,
    })
}

fn is_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if b.first() == Some(&b'-') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i > start
    };
    if !digits(&mut i) {
        return false;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}

pub(crate) fn to_number(v: &V) -> Result<V> {
    let cannot = || err("D3030", "Unable to cast value to a number");
    Ok(match v {
        V::Undef => V::Undef,
        V::Num(n) => V::Num(*n),
        V::Bool(b) => V::Num(if *b { 1.0 } else { 0.0 }),
        V::Str(s) => {
            let radix = |p: &str, r: u32| u64::from_str_radix(p, r).ok().map(|n| n as f64);
            let n = if is_json_number(s) {
                s.parse::<f64>().ok().filter(|n| n.is_finite())
            } else if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
                radix(h, 16)
            } else if let Some(o) = s.strip_prefix("0o").or_else(|| s.strip_prefix("0O")) {
                radix(o, 8)
            } else if let Some(b) = s.strip_prefix("0b").or_else(|| s.strip_prefix("0B")) {
                radix(b, 2)
            } else {
                None
            };
            V::Num(n.ok_or_else(cannot)?)
        }
        _ => return Err(cannot()),
    })
}

fn number(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    to_number(&arg(args, 0))
}

fn abs(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    unary(args, f64::abs)
}

fn floor(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    unary(args, f64::floor)
}

fn ceil(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    unary(args, f64::ceil)
}

/// JavaScript's `Math.round`: halves go towards +∞.
fn js_round(x: f64) -> f64 {
    (x + 0.5).floor()
}

/// Rounds half to even at `precision` decimal places, shifting via the decimal text to avoid
/// binary noise (as jsonata-js does).
pub(crate) fn round_half_even(x: f64, precision: i32) -> f64 {
    let shift = |v: f64, by: i32| -> f64 {
        let s = crate::json::js_number(v);
        let (m, e) = match s.split_once('e') {
            Some((m, e)) => (m.to_string(), e.parse::<i32>().unwrap_or(0)),
            None => (s, 0),
        };
        format!("{m}e{}", e + by).parse().unwrap_or(v)
    };
    let shifted = if precision != 0 { shift(x, precision) } else { x };
    let mut r = js_round(shifted);
    if (r - shifted).abs() == 0.5 && (r % 2.0).abs() == 1.0 {
        r -= 1.0;
    }
    let back = if precision != 0 { shift(r, -precision) } else { r };
    if back == 0.0 {
        0.0
    } else {
        back
    }
}

fn round(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let V::Num(n) = arg(args, 0) else { return Ok(V::Undef) };
    let precision = arg(args, 1).as_num().unwrap_or(0.0) as i32;
    Ok(V::Num(round_half_even(n, precision)))
}

fn sqrt(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    match arg(args, 0) {
        V::Num(n) if n < 0.0 => {
            Err(err("D3060", format!("The sqrt function cannot be applied to a negative number: {n}")))
        }
        V::Num(n) => Ok(V::Num(n.sqrt())),
        _ => Ok(V::Undef),
    }
}

fn power(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let (V::Num(b), V::Num(e)) = (arg(args, 0), arg(args, 1)) else {
        return Ok(V::Undef);
    };
    let r = b.powf(e);
    if !r.is_finite() {
        return Err(err(
            "D3061",
            format!("The power function has resulted in a value that cannot be represented as a JSON number: base={b}, exponent={e}"),
        ));
    }
    Ok(V::Num(r))
}

fn random(ev: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    Ok(V::Num(match arg(args, 0) {
        V::Num(seed) => seeded(seed),
        _ => ev.next_random(),
    }))
}

/// splitmix64 of the seed's bits, scaled to [0, 1).
fn seeded(seed: f64) -> f64 {
    let mut z = seed.to_bits().wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

fn numbers(v: &V) -> Option<Vec<f64>> {
    match v {
        V::Undef => None,
        v => Some(v.items().iter().filter_map(|x| x.as_num()).collect()),
    }
}

fn sum(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    Ok(numbers(&arg(args, 0)).map(|ns| V::Num(ns.iter().sum())).unwrap_or_default())
}

fn max(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    Ok(match numbers(&arg(args, 0)) {
        Some(ns) if !ns.is_empty() => V::Num(ns.into_iter().fold(f64::NEG_INFINITY, f64::max)),
        _ => V::Undef,
    })
}

fn min(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    Ok(match numbers(&arg(args, 0)) {
        Some(ns) if !ns.is_empty() => V::Num(ns.into_iter().fold(f64::INFINITY, f64::min)),
        _ => V::Undef,
    })
}

fn average(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    Ok(match numbers(&arg(args, 0)) {
        Some(ns) if !ns.is_empty() => V::Num(ns.iter().sum::<f64>() / ns.len() as f64),
        _ => V::Undef,
    })
}

fn count(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    Ok(V::Num(arg(args, 0).items().len() as f64))
}

fn format_base(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let V::Num(n) = arg(args, 0) else { return Ok(V::Undef) };
    let radix = arg(args, 1).as_num().unwrap_or(10.0);
    if !(2.0..=36.0).contains(&radix) {
        return Err(err(
            "D3100",
            format!("The radix of the formatBase function must be between 2 and 36.  It was given {radix}"),
        ));
    }
    let r = round_half_even(n, 0);
    let neg = r < 0.0;
    let mut v = r.abs() as u64;
    let radix = radix as u64;
    let mut digits = Vec::new();
    loop {
        let d = (v % radix) as u32;
        digits.push(std::char::from_digit(d, radix as u32).unwrap_or('0'));
        v /= radix;
        if v == 0 {
            break;
        }
    }
    if neg {
        digits.push('-');
    }
    Ok(V::string(digits.into_iter().rev().collect()))
}

fn format_number(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let V::Num(n) = arg(args, 0) else { return Ok(V::Undef) };
    let picture = arg(args, 1);
    Ok(V::string(crate::format_number::format_number(n, picture.as_str().unwrap_or(""), &arg(args, 2))?))
}

fn format_integer(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let V::Num(n) = arg(args, 0) else { return Ok(V::Undef) };
    Ok(V::string(crate::integer::format_integer(n, arg(args, 1).as_str().unwrap_or(""))?))
}

fn parse_integer(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let V::Str(s) = arg(args, 0) else { return Ok(V::Undef) };
    Ok(crate::integer::parse_integer(&s, arg(args, 1).as_str().unwrap_or(""))?.map(V::Num).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_half_even() {
        assert_eq!(round_half_even(2.5, 0), 2.0);
        assert_eq!(round_half_even(3.5, 0), 4.0);
        assert_eq!(round_half_even(-2.5, 0), -2.0);
        assert_eq!(round_half_even(1.255, 2), 1.26);
        assert_eq!(round_half_even(1250.0, -2), 1200.0);
    }

    #[test]
    fn number_parsing() {
        assert!(matches!(to_number(&V::str("0x1F")).unwrap(), V::Num(n) if n == 31.0));
        assert!(matches!(to_number(&V::str("-1.5e2")).unwrap(), V::Num(n) if n == -150.0));
        assert_eq!(to_number(&V::str("1,000")).unwrap_err().code, "D3030");
    }
}
