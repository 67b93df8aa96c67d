//! Binary operators other than `and`/`or` (which short-circuit in the evaluator).

use crate::ast::BinOp;
use crate::error::{JsonataError, Result};
use crate::eval::{cmp_str, same_value};
use crate::json::to_js_string;
use crate::value::{deep_equal, V};

/// The largest range `a..b` may produce, as in jsonata-js.
const MAX_RANGE: f64 = 1e7;

pub(crate) fn binary(op: BinOp, l: V, r: V) -> Result<V> {
    match op {
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Mod => numeric(op, l, r),
        BinOp::Eq | BinOp::Ne => {
            if l.is_undef() || r.is_undef() {
                return Ok(V::Bool(false));
            }
            let eq = deep_equal(&l, &r);
            Ok(V::Bool(if op == BinOp::Eq { eq } else { !eq }))
        }
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => compare(op, l, r),
        BinOp::Concat => {
            let ls = if l.is_undef() { String::new() } else { to_js_string(&l)? };
            let rs = if r.is_undef() { String::new() } else { to_js_string(&r)? };
            Ok(V::string(ls + &rs))
        }
        BinOp::Range => range(l, r),
        BinOp::In => {
            if l.is_undef() || r.is_undef() {
                return Ok(V::Bool(false));
            }
            Ok(V::Bool(r.items().iter().any(|v| same_value(v, &l))))
        }
        BinOp::And | BinOp::Or => Ok(V::Bool(false)),
    }
}

fn numeric(op: BinOp, l: V, r: V) -> Result<V> {
    let check = |v: &V, code: &str, side: &str| -> Result<Option<f64>> {
        match v {
            V::Undef => Ok(None),
            V::Num(n) if !n.is_finite() => Err(JsonataError::new("D1001", format!("Number out of range: {n}"))),
            V::Num(n) => Ok(Some(*n)),
            _ => Err(JsonataError::new(
                code,
                format!("The {side} side of the \"{}\" operator must evaluate to a number", op.symbol()),
            )),
        }
    };
    let a = check(&l, "T2001", "left")?;
    let b = check(&r, "T2002", "right")?;
    let (Some(a), Some(b)) = (a, b) else {
        return Ok(V::Undef);
    };
    let n = match op {
        BinOp::Add => a + b,
        BinOp::Sub => a - b,
        BinOp::Mul => a * b,
        BinOp::Div => a / b,
        _ => a % b,
    };
    Ok(V::Num(n))
}

fn compare(op: BinOp, l: V, r: V) -> Result<V> {
    let comparable = |v: &V| matches!(v, V::Undef | V::Num(_) | V::Str(_));
    if !comparable(&l) || !comparable(&r) {
        return Err(JsonataError::new(
            "T2010",
            format!(
                "The expressions either side of operator \"{}\" must evaluate to numeric or string values",
                op.symbol()
            ),
        ));
    }
    let ord = match (&l, &r) {
        (V::Undef, _) | (_, V::Undef) => return Ok(V::Undef),
        (V::Num(a), V::Num(b)) => crate::eval::cmp_f64(*a, *b),
        (V::Str(a), V::Str(b)) => cmp_str(a, b),
        _ => {
            return Err(JsonataError::new(
                "T2009",
                format!("The values either side of operator \"{}\" must be of the same data type", op.symbol()),
            ))
        }
    };
    // NaN never reaches here: numbers are checked finite when produced.
    Ok(V::Bool(match op {
        BinOp::Lt => ord < 0,
        BinOp::Le => ord <= 0,
        BinOp::Gt => ord > 0,
        _ => ord >= 0,
    }))
}

fn range(l: V, r: V) -> Result<V> {
    let int = |v: &V, code: &str, side: &str| -> Result<Option<f64>> {
        match v {
            V::Undef => Ok(None),
            V::Num(n) if n.fract() == 0.0 => Ok(Some(*n)),
            _ => Err(JsonataError::new(
                code,
                format!("The {side} side of the range operator (..) must evaluate to an integer"),
            )),
        }
    };
    let a = int(&l, "T2003", "left")?;
    let b = int(&r, "T2004", "right")?;
    let (Some(a), Some(b)) = (a, b) else {
        return Ok(V::Undef);
    };
    if a > b {
        return Ok(V::Undef);
    }
    if b - a + 1.0 > MAX_RANGE {
        return Err(JsonataError::new(
            "D2014",
            format!("The size of the sequence allocated by the range operator (..) must not exceed 1e7.  Attempted to allocate {}.", b - a + 1.0),
        ));
    }
    let items = (0..(b - a + 1.0) as usize).map(|i| V::Num(a + i as f64)).collect();
    Ok(V::seq(items))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(v: V) -> f64 {
        v.as_num().unwrap_or(f64::NAN)
    }

    #[test]
    fn arithmetic_and_undefined() {
        assert_eq!(num(binary(BinOp::Mod, V::Num(-7.0), V::Num(3.0)).unwrap()), -1.0);
        assert!(binary(BinOp::Add, V::Undef, V::Num(1.0)).unwrap().is_undef());
        assert_eq!(binary(BinOp::Add, V::Num(f64::INFINITY), V::Num(1.0)).unwrap_err().code, "D1001");
    }

    #[test]
    fn comparisons_need_matching_types() {
        assert!(binary(BinOp::Lt, V::str("a"), V::str("b")).unwrap().truthy());
        assert_eq!(binary(BinOp::Lt, V::str("a"), V::Num(1.0)).unwrap_err().code, "T2009");
        assert_eq!(binary(BinOp::Lt, V::Bool(true), V::Num(1.0)).unwrap_err().code, "T2010");
    }

    #[test]
    fn ranges_and_concat() {
        assert_eq!(binary(BinOp::Range, V::Num(1.0), V::Num(3.0)).unwrap().len(), 3);
        assert_eq!(binary(BinOp::Range, V::Num(1.5), V::Num(3.0)).unwrap_err().code, "T2003");
        let s = binary(BinOp::Concat, V::Num(1.0), V::Bool(true)).unwrap();
        assert_eq!(s.as_str(), Some("1true"));
    }
}
