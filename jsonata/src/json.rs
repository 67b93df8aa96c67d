//! Text forms of values the way JavaScript writes them: `$string`, `&` and `$join` depend on it.

use crate::error::{JsonataError, Result};
use crate::value::V;

/// `Number.prototype.toString`: shortest round-trip digits, exponent outside [1e-7, 1e21).
pub(crate) fn js_number(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    if !x.is_finite() {
        return if x.is_nan() {
            "NaN".into()
        } else if x > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    let sci = format!("{:e}", x.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let e: i32 = exp.parse().unwrap_or(0);
    let k = digits.len() as i32;
    let n = e + 1;
    let sign = if x < 0.0 { "-" } else { "" };
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        format!("{}.{}", &digits[..n as usize], &digits[n as usize..])
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let rest = if k > 1 { format!(".{}", &digits[1..]) } else { String::new() };
        let es = if n > 0 { "+" } else { "-" };
        format!("{}{rest}e{es}{}", &digits[..1], (n - 1).abs())
    };
    format!("{sign}{body}")
}

/// `Number(x.toPrecision(15))`: hides binary noise such as `0.1 + 0.2`.
pub(crate) fn precision15(x: f64) -> f64 {
    format!("{x:.14e}").parse().unwrap_or(x)
}

/// `$string` of a value: strings as-is, other values as JSON with 15-digit numbers.
pub(crate) fn to_js_string(v: &V) -> Result<String> {
    match v {
        V::Str(s) => Ok(s.to_string()),
        V::Func(_) => Ok(String::new()),
        V::Num(n) if !n.is_finite() => {
            Err(JsonataError::new("D3001", "Attempting to invoke string function on Infinity or NaN"))
        }
        V::Arr(a) if a.outer && !a.items.is_empty() => stringify(&a.items[0], false),
        _ => stringify(v, false),
    }
}

pub(crate) fn stringify(v: &V, pretty: bool) -> Result<String> {
    let mut out = String::new();
    write_value(v, pretty, 0, &mut out)?;
    Ok(out)
}

fn write_value(v: &V, pretty: bool, level: usize, out: &mut String) -> Result<()> {
    crate::value::deep(|| write_inner(v, pretty, level, out))
}

fn write_inner(v: &V, pretty: bool, level: usize, out: &mut String) -> Result<()> {
    match v {
        V::Undef | V::Null => out.push_str("null"),
        V::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        V::Num(n) => {
            if !n.is_finite() {
                return Err(JsonataError::new("D1001", format!("Number out of range: {n}")));
            }
            // Integers print exactly; other numbers to 15 significant digits.
            let shown = if n.fract() == 0.0 { *n } else { precision15(*n) };
            out.push_str(&js_number(shown));
        }
        V::Str(s) => out.push_str(&serde_json::Value::String(s.to_string()).to_string()),
        V::Func(_) => out.push_str("\"\""),
        V::Arr(a) => {
            if a.items.is_empty() {
                out.push_str("[]");
                return Ok(());
            }
            out.push('[');
            for (i, item) in a.items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(pretty, level + 1, out);
                write_value(item, pretty, level + 1, out)?;
            }
            newline(pretty, level, out);
            out.push(']');
        }
        V::Obj(o) => {
            let entries: Vec<_> = o.iter().filter(|(_, v)| !v.is_undef()).collect();
            if entries.is_empty() {
                out.push_str("{}");
                return Ok(());
            }
            out.push('{');
            for (i, (k, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(pretty, level + 1, out);
                out.push_str(&serde_json::Value::String(k.clone()).to_string());
                out.push(':');
                if pretty {
                    out.push(' ');
                }
                write_value(item, pretty, level + 1, out)?;
            }
            newline(pretty, level, out);
            out.push('}');
        }
    }
    Ok(())
}

fn newline(pretty: bool, level: usize, out: &mut String) {
    if pretty {
        out.push('\n');
        out.push_str(&"  ".repeat(level));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_like_javascript() {
        assert_eq!(js_number(1.0), "1");
        assert_eq!(js_number(-0.5), "-0.5");
        assert_eq!(js_number(1e21), "1e+21");
        assert_eq!(js_number(1e20), "100000000000000000000");
        assert_eq!(js_number(1.5e-7), "1.5e-7");
        assert_eq!(js_number(0.000001), "0.000001");
        assert_eq!(js_number(precision15(0.1 + 0.2)), "0.3");
    }
}
