//! Parses `States.Name(arg, ...)` with nested calls, paths, strings and literals.

use serde_json::Value;

use super::IntrinsicError;
use crate::path::{self, Path};

/// One intrinsic call.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// Without the `States.` prefix, e.g. `Format`.
    pub name: String,
    pub args: Vec<Arg>,
}

/// One argument.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Literal(Value),
    Path(Path),
    Call(Call),
}

/// Parses a whole intrinsic expression.
pub fn parse(text: &str) -> Result<Call, IntrinsicError> {
    let chars: Vec<char> = text.chars().collect();
    let mut p = P { chars: &chars, pos: 0, text };
    p.ws();
    let call = p.call()?;
    p.ws();
    if p.pos != chars.len() {
        return Err(p.err("unexpected text after the closing parenthesis"));
    }
    Ok(call)
}

struct P<'a> {
    chars: &'a [char],
    pos: usize,
    text: &'a str,
}

impl P<'_> {
    fn err(&self, what: &str) -> IntrinsicError {
        IntrinsicError::new(format!("Invalid intrinsic function '{}': {what} at position {}", self.text, self.pos))
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn starts_with(&self, s: &str) -> bool {
        let want: Vec<char> = s.chars().collect();
        self.chars[self.pos..].starts_with(&want)
    }

    fn call(&mut self) -> Result<Call, IntrinsicError> {
        if !self.starts_with("States.") {
            return Err(self.err("expected 'States.'"));
        }
        self.pos += "States.".len();
        let mut name = String::new();
        while let Some(c) = self.peek().filter(|c| c.is_ascii_alphanumeric()) {
            name.push(c);
            self.pos += 1;
        }
        self.ws();
        if self.peek() != Some('(') {
            return Err(self.err("expected '('"));
        }
        self.pos += 1;
        let mut args = Vec::new();
        self.ws();
        if self.peek() == Some(')') {
            self.pos += 1;
            return Ok(Call { name, args });
        }
        loop {
            self.ws();
            args.push(self.arg()?);
            self.ws();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(')') => {
                    self.pos += 1;
                    return Ok(Call { name, args });
                }
                _ => return Err(self.err("expected ',' or ')'")),
            }
        }
    }

    fn arg(&mut self) -> Result<Arg, IntrinsicError> {
        match self.peek() {
            Some('\'') => self.string().map(|s| Arg::Literal(Value::String(s))),
            Some('$') => self.path(),
            Some('S') if self.starts_with("States.") => self.call().map(Arg::Call),
            Some(_) => self.literal(),
            None => Err(self.err("expected an argument")),
        }
    }

    /// A quoted string; `\'`, `\{`, `\}` and `\\` are escapes, other text is kept as written.
    fn string(&mut self) -> Result<String, IntrinsicError> {
        self.pos += 1;
        let mut s = String::new();
        loop {
            match self.peek() {
                None => return Err(self.err("unterminated string")),
                Some('\\') => {
                    let next = self.chars.get(self.pos + 1).copied();
                    match next {
                        Some(c @ ('\'' | '\\')) => {
                            s.push(c);
                            self.pos += 2;
                        }
                        // Kept escaped so States.Format can tell literal braces from placeholders.
                        Some(c @ ('{' | '}')) => {
                            s.push('\\');
                            s.push(c);
                            self.pos += 2;
                        }
                        _ => {
                            s.push('\\');
                            self.pos += 1;
                        }
                    }
                }
                Some('\'') => {
                    self.pos += 1;
                    return Ok(s);
                }
                Some(c) => {
                    s.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn path(&mut self) -> Result<Arg, IntrinsicError> {
        let start = self.pos;
        let (mut depth, mut quote) = (0i32, None);
        while let Some(c) = self.peek() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '\'' | '"') => quote = Some(c),
                (None, '[' | '(') => depth += 1,
                (None, ']') => depth -= 1,
                (None, ')') if depth > 0 => depth -= 1,
                (None, ',' | ')') if depth == 0 => break,
                _ => {}
            }
            self.pos += 1;
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        path::parse(text.trim_end()).map(Arg::Path).map_err(|e| IntrinsicError::new(e.to_string()))
    }

    fn literal(&mut self) -> Result<Arg, IntrinsicError> {
        let start = self.pos;
        while self.peek().is_some_and(|c| !matches!(c, ',' | ')') && !c.is_whitespace()) {
            self.pos += 1;
        }
        let word: String = self.chars[start..self.pos].iter().collect();
        match serde_json::from_str::<Value>(&word) {
            Ok(v @ (Value::Number(_) | Value::Bool(_) | Value::Null)) => Ok(Arg::Literal(v)),
            _ => Err(self.err(&format!("unexpected argument '{word}'"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_calls_and_args() {
        let c = parse("States.Format('a {} \\'b\\'', States.Array(1, -2.5, true, null), $.x[0], $$.Execution.Id, $v)")
            .unwrap();
        assert_eq!(c.name, "Format");
        assert_eq!(c.args.len(), 5);
        assert_eq!(c.args[0], Arg::Literal(Value::String("a {} 'b'".into())));
        assert!(matches!(&c.args[1], Arg::Call(inner) if inner.args.len() == 4));
    }

    #[test]
    fn errors() {
        assert!(parse("States.Format('x'").is_err());
        assert!(parse("States.Format(x)").is_err());
        assert!(parse("Foo()").is_err());
    }
}
