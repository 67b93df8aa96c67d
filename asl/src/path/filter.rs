//! Filter expressions inside `[?( ... )]`.

use serde_json::Value;

use super::eval::nodes;
use super::parse::Parser;
use super::PathError;

/// A filter predicate over the current node `@`.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    Or(Box<Filter>, Box<Filter>),
    And(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
    Compare(Operand, CmpOp, Operand),
    /// A bare path: true when it names something.
    Exists(super::Path),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Path(super::Path),
    Literal(Value),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

pub(super) fn parse_filter(p: &mut Parser) -> Result<Filter, PathError> {
    let mut left = and(p)?;
    loop {
        p.skip_ws();
        if p.peek() == Some('|') && p.peek_at(1) == Some('|') {
            p.pos += 2;
            left = Filter::Or(Box::new(left), Box::new(and(p)?));
        } else {
            return Ok(left);
        }
    }
}

fn and(p: &mut Parser) -> Result<Filter, PathError> {
    let mut left = unary(p)?;
    loop {
        p.skip_ws();
        if p.peek() == Some('&') && p.peek_at(1) == Some('&') {
            p.pos += 2;
            left = Filter::And(Box::new(left), Box::new(unary(p)?));
        } else {
            return Ok(left);
        }
    }
}

fn unary(p: &mut Parser) -> Result<Filter, PathError> {
    p.skip_ws();
    if p.peek() == Some('!') && p.peek_at(1) != Some('=') {
        p.pos += 1;
        return Ok(Filter::Not(Box::new(unary(p)?)));
    }
    if p.eat('(') {
        let f = parse_filter(p)?;
        p.skip_ws();
        if !p.eat(')') {
            return Err(p.err("expected ')'"));
        }
        return Ok(f);
    }
    let left = operand(p)?;
    p.skip_ws();
    let op = match (p.peek(), p.peek_at(1)) {
        (Some('='), Some('=')) => Some((CmpOp::Eq, 2)),
        (Some('!'), Some('=')) => Some((CmpOp::Ne, 2)),
        (Some('<'), Some('=')) => Some((CmpOp::Le, 2)),
        (Some('>'), Some('=')) => Some((CmpOp::Ge, 2)),
        (Some('<'), _) => Some((CmpOp::Lt, 1)),
        (Some('>'), _) => Some((CmpOp::Gt, 1)),
        _ => None,
    };
    match op {
        Some((op, n)) => {
            p.pos += n;
            Ok(Filter::Compare(left, op, operand(p)?))
        }
        None => match left {
            Operand::Path(path) => Ok(Filter::Exists(path)),
            Operand::Literal(v) => {
                Ok(Filter::Compare(Operand::Literal(v), CmpOp::Eq, Operand::Literal(Value::Bool(true))))
            }
        },
    }
}

fn operand(p: &mut Parser) -> Result<Operand, PathError> {
    p.skip_ws();
    match p.peek() {
        Some('@' | '$') => Ok(Operand::Path(p.path()?)),
        Some(q @ ('\'' | '"')) => {
            p.pos += 1;
            Ok(Operand::Literal(Value::String(p.quoted(q)?)))
        }
        Some(_) => {
            let start = p.pos;
            while p.peek().is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '.')) {
                p.pos += 1;
            }
            let word: String = p.chars[start..p.pos].iter().map(|c| c.1).collect();
            serde_json::from_str::<Value>(&word)
                .ok()
                .filter(|v| !v.is_object() && !v.is_array())
                .map(Operand::Literal)
                .ok_or_else(|| p.err("expected a path or a literal in the filter"))
        }
        None => Err(p.err("unterminated filter")),
    }
}

impl Filter {
    /// Evaluates the predicate for `current`, with `root` for `$` inside the filter.
    pub fn test(&self, current: &Value, root: &Value) -> bool {
        match self {
            Filter::Or(a, b) => a.test(current, root) || b.test(current, root),
            Filter::And(a, b) => a.test(current, root) && b.test(current, root),
            Filter::Not(a) => !a.test(current, root),
            Filter::Exists(path) => !nodes(path, base(path, current, root)).is_empty(),
            Filter::Compare(l, op, r) => {
                let (Some(l), Some(r)) = (value_of(l, current, root), value_of(r, current, root)) else {
                    return false;
                };
                compare(&l, *op, &r)
            }
        }
    }
}

fn base<'a>(path: &super::Path, current: &'a Value, root: &'a Value) -> &'a Value {
    match path.root {
        super::Root::Current => current,
        _ => root,
    }
}

fn value_of(o: &Operand, current: &Value, root: &Value) -> Option<Value> {
    match o {
        Operand::Literal(v) => Some(v.clone()),
        Operand::Path(path) => {
            let found = nodes(path, base(path, current, root));
            if path.is_definite() {
                found.first().map(|v| (*v).clone())
            } else {
                Some(Value::Array(found.into_iter().cloned().collect()))
            }
        }
    }
}

fn compare(l: &Value, op: CmpOp, r: &Value) -> bool {
    use std::cmp::Ordering;
    let ord = match (l, r) {
        (Value::Number(a), Value::Number(b)) => a.as_f64().zip(b.as_f64()).and_then(|(a, b)| a.partial_cmp(&b)),
        (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
        _ => None,
    };
    match op {
        CmpOp::Eq => ord.map(|o| o == Ordering::Equal).unwrap_or(l == r),
        CmpOp::Ne => ord.map(|o| o != Ordering::Equal).unwrap_or(l != r),
        CmpOp::Lt => ord == Some(Ordering::Less),
        CmpOp::Le => matches!(ord, Some(Ordering::Less | Ordering::Equal)),
        CmpOp::Gt => ord == Some(Ordering::Greater),
        CmpOp::Ge => matches!(ord, Some(Ordering::Greater | Ordering::Equal)),
    }
}
