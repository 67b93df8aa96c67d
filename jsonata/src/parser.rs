//! A Pratt (top-down operator precedence) parser producing the raw expression tree.

use std::sync::Arc;

use crate::ast::{BinOp, Kind, LambdaDef, Node, SortTerm};
use crate::error::{JsonataError, Result};
use crate::lexer::{tokenize, Tok, Token};
use crate::signature::Signature;

pub(crate) fn parse(src: &str) -> Result<Node> {
    let mut p = Parser { toks: tokenize(src), at: 0 };
    let node = p.expression(0)?;
    let t = p.peek();
    if let Tok::Error(e) = &t.tok {
        return Err(e.clone());
    }
    if t.tok != Tok::End {
        return Err(JsonataError::at("S0201", t.pos, format!("Syntax error: {}", describe(&t.tok))));
    }
    Ok(node)
}

struct Parser {
    toks: Vec<Token>,
    at: usize,
}

fn lbp(tok: &Tok) -> u8 {
    match tok {
        Tok::Op(op) => match *op {
            "[" | "(" | "@" | "#" => 80,
            "." => 75,
            "{" => 70,
            "*" | "/" | "%" => 60,
            "+" | "-" | "&" => 50,
            "=" | "!=" | "<" | "<=" | ">" | ">=" | "^" | "~>" | "in" | "?:" | "??" => 40,
            "and" => 30,
            "or" => 25,
            "?" | ".." => 20,
            ":=" => 10,
            _ => 0,
        },
        _ => 0,
    }
}

fn describe(tok: &Tok) -> String {
    match tok {
        Tok::Op(op) => op.to_string(),
        Tok::Name(n, _) => n.clone(),
        Tok::Str(s) => format!("\"{s}\""),
        Tok::Num(n) => n.to_string(),
        Tok::Value(v) => v.to_string(),
        Tok::Var(v) => format!("${v}"),
        Tok::Regex(p, _) => format!("/{p}/"),
        Tok::Error(e) => e.message.clone(),
        Tok::End => "(end)".into(),
    }
}

fn binop(op: &str) -> Option<BinOp> {
    Some(match op {
        "+" => BinOp::Add,
        "-" => BinOp::Sub,
        "*" => BinOp::Mul,
        "/" => BinOp::Div,
        "%" => BinOp::Mod,
        "=" => BinOp::Eq,
        "!=" => BinOp::Ne,
        "<" => BinOp::Lt,
        "<=" => BinOp::Le,
        ">" => BinOp::Gt,
        ">=" => BinOp::Ge,
        "&" => BinOp::Concat,
        ".." => BinOp::Range,
        "in" => BinOp::In,
        "and" => BinOp::And,
        "or" => BinOp::Or,
        _ => return None,
    })
}

impl Parser {
    fn peek(&self) -> &Token {
        &self.toks[self.at]
    }

    fn next(&mut self) -> Token {
        let t = self.toks[self.at].clone();
        if self.at + 1 < self.toks.len() {
            self.at += 1;
        }
        t
    }

    /// The next token, raising a lexical error when the parser reaches one.
    fn advance(&mut self) -> Result<Token> {
        match self.next() {
            Token { tok: Tok::Error(e), .. } => Err(e),
            t => Ok(t),
        }
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(self.peek().tok, Tok::Op(o) if o == op)
    }

    fn expect(&mut self, op: &str) -> Result<()> {
        if self.is_op(op) {
            self.next();
            return Ok(());
        }
        let t = self.peek();
        if let Tok::Error(e) = &t.tok {
            return Err(e.clone());
        }
        if t.tok == Tok::End {
            return Err(JsonataError::at("S0203", t.pos, format!("Expected \"{op}\" before end of expression")));
        }
        Err(JsonataError::at("S0202", t.pos, format!("Expected \"{op}\", got \"{}\"", describe(&t.tok))))
    }

    fn expression(&mut self, rbp: u8) -> Result<Node> {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || {
            let t = self.advance()?;
            let mut left = self.nud(t)?;
            while rbp < lbp(&self.peek().tok) {
                let t = self.advance()?;
                left = self.led(t, left)?;
            }
            Ok(left)
        })
    }

    fn nud(&mut self, t: Token) -> Result<Node> {
        let pos = t.pos;
        let kind = match t.tok {
            Tok::Num(n) => Kind::Num(n),
            Tok::Str(s) => Kind::Str(s),
            Tok::Value(v) => Kind::Value(v),
            Tok::Var(v) => Kind::Var(v),
            Tok::Name(n, _) => Kind::Name(n),
            Tok::Regex(p, flags) => Kind::Regex(Arc::new(compile_regex(&p, &flags, pos)?)),
            Tok::End => return Err(JsonataError::at("S0207", pos, "Unexpected end of expression")),
            Tok::Error(e) => return Err(e),
            Tok::Op(op) => match op {
                "and" | "or" | "in" => Kind::Name(op.to_string()),
                "*" => Kind::Wildcard,
                "**" => Kind::Descendant,
                "%" => Kind::Parent(0),
                "?" => Kind::Placeholder,
                "-" => {
                    let operand = self.expression(70)?;
                    match operand.kind {
                        Kind::Num(n) => Kind::Num(-n),
                        _ => Kind::Neg(Box::new(operand)),
                    }
                }
                "(" => Kind::Block(self.list(";", ")")?),
                "[" => Kind::Array(self.list(",", "]")?),
                "{" => Kind::Object(self.pairs()?),
                "|" => {
                    let pattern = self.expression(0)?;
                    self.expect("|")?;
                    let update = self.expression(0)?;
                    let delete = if self.is_op(",") {
                        self.next();
                        Some(self.expression(0)?)
                    } else {
                        None
                    };
                    self.expect("|")?;
                    Kind::Transform(Arc::new((pattern, update, delete)))
                }
                _ => {
                    return Err(JsonataError::at(
                        "S0211",
                        pos,
                        format!("The symbol {op} cannot be used as a unary operator"),
                    ))
                }
            },
        };
        Ok(Node::new(kind, pos))
    }

    /// Items separated by `sep` up to `close`; empty lists allowed.
    fn list(&mut self, sep: &str, close: &str) -> Result<Vec<Node>> {
        let mut items = Vec::new();
        if !self.is_op(close) {
            loop {
                items.push(self.expression(0)?);
                if !self.is_op(sep) {
                    break;
                }
                self.next();
                if sep == ";" && self.is_op(close) {
                    break;
                }
            }
        }
        self.expect(close)?;
        Ok(items)
    }

    fn pairs(&mut self) -> Result<Vec<(Node, Node)>> {
        let mut pairs = Vec::new();
        if !self.is_op("}") {
            loop {
                let key = self.expression(0)?;
                self.expect(":")?;
                let value = self.expression(0)?;
                pairs.push((key, value));
                if !self.is_op(",") {
                    break;
                }
                self.next();
            }
        }
        self.expect("}")?;
        Ok(pairs)
    }

    fn led(&mut self, t: Token, left: Node) -> Result<Node> {
        let pos = t.pos;
        let Tok::Op(op) = t.tok else {
            return Err(JsonataError::at("S0201", pos, format!("Syntax error: {}", describe(&t.tok))));
        };
        let bp = lbp(&t.tok);
        let kind = match op {
            "." => Kind::Dot(Box::new(left), Box::new(self.expression(bp)?)),
            "[" => {
                if self.is_op("]") {
                    self.next();
                    let mut left = left;
                    mark_keep_array(&mut left);
                    return Ok(left);
                }
                let rhs = self.expression(0)?;
                self.expect("]")?;
                Kind::Filter(Box::new(left), Box::new(rhs))
            }
            "{" => Kind::GroupBy(Box::new(left), self.pairs()?),
            "(" => return self.call(left, pos),
            "@" | "#" => {
                let rhs = self.expression(bp)?;
                let Kind::Var(name) = rhs.kind else {
                    return Err(JsonataError::at(
                        "S0214",
                        rhs.pos,
                        format!("The right side of {op} must be a variable name (start with $)"),
                    ));
                };
                if op == "@" {
                    Kind::FocusBind(Box::new(left), name)
                } else {
                    Kind::IndexBind(Box::new(left), name)
                }
            }
            "^" => {
                self.expect("(")?;
                let mut terms = Vec::new();
                loop {
                    let mut descending = false;
                    if self.is_op("<") {
                        self.next();
                    } else if self.is_op(">") {
                        self.next();
                        descending = true;
                    }
                    terms.push(SortTerm { descending, expr: self.expression(0)? });
                    if !self.is_op(",") {
                        break;
                    }
                    self.next();
                }
                self.expect(")")?;
                Kind::OrderBy(Box::new(left), terms)
            }
            "?" => {
                let then = self.expression(0)?;
                let otherwise = if self.is_op(":") {
                    self.next();
                    Some(Box::new(self.expression(0)?))
                } else {
                    None
                };
                Kind::Condition(Box::new(left), Box::new(then), otherwise)
            }
            "?:" => Kind::Elvis(Box::new(left), Box::new(self.expression(bp)?)),
            "??" => Kind::Coalesce(Box::new(left), Box::new(self.expression(bp)?)),
            ":=" => {
                let Kind::Var(name) = left.kind else {
                    return Err(JsonataError::at(
                        "S0212",
                        left.pos,
                        "The left side of := must be a variable name (start with $)",
                    ));
                };
                Kind::Bind(name, Box::new(self.expression(bp - 1)?))
            }
            "~>" => Kind::Apply(Box::new(left), Box::new(self.expression(bp)?)),
            _ => match binop(op) {
                Some(b) => Kind::Binary(b, Box::new(left), Box::new(self.expression(bp)?)),
                None => return Err(JsonataError::at("S0201", pos, format!("Syntax error: {op}"))),
            },
        };
        Ok(Node::new(kind, pos))
    }

    fn call(&mut self, procedure: Node, pos: usize) -> Result<Node> {
        let args = self.list(",", ")")?;
        let is_lambda = matches!(&procedure.kind, Kind::Name(n) if n == "function" || n == "λ");
        if is_lambda {
            return self.lambda(args, pos);
        }
        let partial = args.iter().any(|a| matches!(a.kind, Kind::Placeholder));
        Ok(Node::new(Kind::Call { proc: Box::new(procedure), args, partial }, pos))
    }

    fn lambda(&mut self, args: Vec<Node>, pos: usize) -> Result<Node> {
        let mut params = Vec::new();
        for a in args {
            match a.kind {
                Kind::Var(v) => params.push(v),
                _ => {
                    return Err(JsonataError::at(
                        "S0208",
                        a.pos,
                        "Parameter of function definition must be a variable name (start with $)",
                    ))
                }
            }
        }
        let signature = if self.is_op("<") {
            let start = self.peek().pos;
            let mut text = String::new();
            let mut depth = 0;
            loop {
                let t = self.advance()?;
                match &t.tok {
                    Tok::Op("<") => depth += 1,
                    Tok::Op(">") => depth -= 1,
                    Tok::End => return Err(JsonataError::at("S0401", t.pos, "Unterminated function signature")),
                    _ => {}
                }
                text.push_str(&token_text(&t.tok));
                if depth == 0 {
                    break;
                }
            }
            Some(Signature::parse(&text).map_err(|e| e.or_at(start))?)
        } else {
            None
        };
        self.expect("{")?;
        let body = self.expression(0)?;
        self.expect("}")?;
        Ok(Node::new(Kind::Lambda(Arc::new(LambdaDef { params, signature, body, thunk: false })), pos))
    }
}

fn token_text(tok: &Tok) -> String {
    match tok {
        Tok::Op(op) => op.to_string(),
        Tok::Name(n, _) => n.clone(),
        Tok::Var(v) => format!("${v}"),
        Tok::Value(v) => v.to_string(),
        Tok::Num(n) => n.to_string(),
        Tok::Str(s) => s.clone(),
        Tok::Regex(p, f) => format!("/{p}/{f}"),
        Tok::Error(_) | Tok::End => String::new(),
    }
}

/// `a[]` marks the innermost step so the path keeps singleton results as arrays.
/// `a[]` (also after predicates, `a[x][]`) marks the step itself.
fn mark_keep_array(node: &mut Node) {
    match &mut node.kind {
        Kind::Filter(lhs, _) => mark_keep_array(lhs),
        _ => node.keep_array = true,
    }
}

/// JSONata regexes are JavaScript regexes; the `regex` crate accepts the common subset.
pub(crate) fn compile_regex(pattern: &str, flags: &str, pos: usize) -> Result<regex::Regex> {
    regex::RegexBuilder::new(pattern)
        .case_insensitive(flags.contains('i'))
        .multi_line(flags.contains('m'))
        .build()
        .map_err(|e| JsonataError::at("S0303", pos, format!("Invalid regular expression: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence() {
        let n = parse("1 + 2 * 3").unwrap();
        let Kind::Binary(BinOp::Add, _, rhs) = n.kind else { panic!("{n:?}") };
        assert!(matches!(rhs.kind, Kind::Binary(BinOp::Mul, _, _)));
    }

    #[test]
    fn lambdas_and_partials() {
        let n = parse("function($x)<n:n>{$x}").unwrap();
        assert!(matches!(n.kind, Kind::Lambda(_)));
        let n = parse("$f(?, 2)").unwrap();
        assert!(matches!(n.kind, Kind::Call { partial: true, .. }));
    }

    #[test]
    fn syntax_errors() {
        assert_eq!(parse("1 +").unwrap_err().code, "S0207");
        assert_eq!(parse("(1").unwrap_err().code, "S0203");
        assert_eq!(parse("[1 2]").unwrap_err().code, "S0202");
        assert_eq!(parse("1 := 2").unwrap_err().code, "S0212");
        assert_eq!(parse("a@b").unwrap_err().code, "S0214");
        assert_eq!(parse(")").unwrap_err().code, "S0211");
        assert_eq!(parse("function(a){1}").unwrap_err().code, "S0208");
    }
}
