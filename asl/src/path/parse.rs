//! Parses JSONPath text into segments.

use super::filter::{parse_filter, Filter};
use super::PathError;

/// What a path starts from.
#[derive(Debug, Clone, PartialEq)]
pub enum Root {
    /// `$`: the current input.
    Input,
    /// `$$`: the context object.
    Context,
    /// `$name`: a workflow variable.
    Variable(String),
    /// `@`: the current node inside a filter.
    Current,
}

/// One bracket or dot step.
#[derive(Debug, Clone, PartialEq)]
pub enum Selector {
    Name(String),
    Index(i64),
    Wildcard,
    Slice(Option<i64>, Option<i64>, Option<i64>),
    Filter(Box<Filter>),
}

/// A selector applied to children (`.x`, `[0]`) or to all descendants (`..x`).
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    Child(Vec<Selector>),
    Descendant(Vec<Selector>),
}

/// A parsed path.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    pub text: String,
    pub root: Root,
    pub segments: Vec<Segment>,
}

impl Path {
    /// A definite path names at most one node; it yields the node itself rather than a list.
    pub fn is_definite(&self) -> bool {
        self.segments.iter().all(|s| match s {
            Segment::Child(sel) => sel.len() == 1 && matches!(sel[0], Selector::Name(_) | Selector::Index(_)),
            Segment::Descendant(_) => false,
        })
    }

    /// AWS's normalized spelling used in error texts, e.g. `$['a'][0]`.
    pub fn normalized(&self) -> String {
        let mut out = String::from(match &self.root {
            Root::Input | Root::Variable(_) => "$",
            Root::Context => "$$",
            Root::Current => "@",
        });
        for seg in &self.segments {
            if let Segment::Descendant(_) = seg {
                out.push_str("..");
            }
            let sels = match seg {
                Segment::Child(s) | Segment::Descendant(s) => s,
            };
            out.push('[');
            let parts: Vec<String> = sels
                .iter()
                .map(|s| match s {
                    Selector::Name(n) => format!("'{n}'"),
                    Selector::Index(i) => i.to_string(),
                    Selector::Wildcard => "*".into(),
                    Selector::Slice(a, b, c) => {
                        let f = |x: &Option<i64>| x.map(|v| v.to_string()).unwrap_or_default();
                        match c {
                            Some(_) => format!("{}:{}:{}", f(a), f(b), f(c)),
                            None => format!("{}:{}", f(a), f(b)),
                        }
                    }
                    Selector::Filter(_) => "?".into(),
                })
                .collect();
            out.push_str(&parts.join(","));
            out.push(']');
        }
        out
    }
}

/// Parses a path starting with `$`, `$$`, `$name` or `@`.
pub fn parse(text: &str) -> Result<Path, PathError> {
    let mut p = Parser { text, chars: text.char_indices().collect(), pos: 0 };
    let path = p.path()?;
    if p.pos != p.chars.len() {
        return Err(p.err("unexpected characters after the path"));
    }
    Ok(path)
}

pub(super) struct Parser<'a> {
    pub text: &'a str,
    pub chars: Vec<(usize, char)>,
    pub pos: usize,
}

impl Parser<'_> {
    pub fn err(&self, message: &str) -> PathError {
        PathError::Syntax { path: self.text.to_string(), message: format!("{message} at offset {}", self.offset()) }
    }

    fn offset(&self) -> usize {
        self.chars.get(self.pos).map(|c| c.0).unwrap_or(self.text.len())
    }

    pub fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).map(|c| c.1)
    }

    pub fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.pos + n).map(|c| c.1)
    }

    pub fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    pub fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    pub fn path(&mut self) -> Result<Path, PathError> {
        let start = self.offset();
        let root = if self.eat('@') {
            Root::Current
        } else if self.eat('$') {
            if self.eat('$') {
                Root::Context
            } else if self.peek().is_some_and(is_name_char) {
                Root::Variable(self.name())
            } else {
                Root::Input
            }
        } else {
            return Err(self.err("a path must start with '$'"));
        };
        let mut segments = Vec::new();
        loop {
            match self.peek() {
                Some('.') if self.peek_at(1) == Some('.') => {
                    self.pos += 2;
                    let sel = if self.peek() == Some('[') { self.bracket()? } else { vec![self.dotted()?] };
                    segments.push(Segment::Descendant(sel));
                }
                Some('.') => {
                    self.pos += 1;
                    segments.push(Segment::Child(vec![self.dotted()?]));
                }
                Some('[') => segments.push(Segment::Child(self.bracket()?)),
                _ => break,
            }
        }
        let end = self.offset();
        Ok(Path { text: self.text[start..end].to_string(), root, segments })
    }

    fn name(&mut self) -> String {
        let mut s = String::new();
        while let Some(c) = self.peek().filter(|c| is_name_char(*c)) {
            s.push(c);
            self.pos += 1;
        }
        s
    }

    fn dotted(&mut self) -> Result<Selector, PathError> {
        if self.eat('*') {
            return Ok(Selector::Wildcard);
        }
        let n = self.name();
        if n.is_empty() {
            return Err(self.err("expected a field name"));
        }
        Ok(Selector::Name(n))
    }

    fn bracket(&mut self) -> Result<Vec<Selector>, PathError> {
        self.pos += 1; // '['
        self.skip_ws();
        let mut sels = Vec::new();
        if self.eat('?') {
            self.skip_ws();
            let paren = self.eat('(');
            let f = parse_filter(self)?;
            self.skip_ws();
            if paren && !self.eat(')') {
                return Err(self.err("expected ')' closing the filter"));
            }
            sels.push(Selector::Filter(Box::new(f)));
        } else {
            loop {
                self.skip_ws();
                sels.push(self.bracket_item()?);
                self.skip_ws();
                if !self.eat(',') {
                    break;
                }
            }
        }
        self.skip_ws();
        if !self.eat(']') {
            return Err(self.err("expected ']'"));
        }
        Ok(sels)
    }

    fn bracket_item(&mut self) -> Result<Selector, PathError> {
        match self.peek() {
            Some('*') => {
                self.pos += 1;
                Ok(Selector::Wildcard)
            }
            Some(q @ ('\'' | '"')) => {
                self.pos += 1;
                Ok(Selector::Name(self.quoted(q)?))
            }
            Some(c) if c == '-' || c == ':' || c.is_ascii_digit() => {
                let a = self.int()?;
                if !self.eat(':') {
                    return a.map(Selector::Index).ok_or_else(|| self.err("expected an index"));
                }
                let b = self.int()?;
                let c = if self.eat(':') { self.int()? } else { None };
                Ok(Selector::Slice(a, b, c))
            }
            _ => Err(self.err("expected a name, index, '*' or slice inside brackets")),
        }
    }

    pub fn quoted(&mut self, q: char) -> Result<String, PathError> {
        let mut s = String::new();
        loop {
            match self.peek() {
                None => return Err(self.err("unterminated string")),
                // Only an escaped quote is an escape; other backslashes are literal (as in AWS).
                Some('\\') if self.peek_at(1) == Some(q) => {
                    s.push(q);
                    self.pos += 2;
                }
                Some(c) if c == q => {
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

    fn int(&mut self) -> Result<Option<i64>, PathError> {
        self.skip_ws();
        let start = self.pos;
        if self.peek() == Some('-') {
            self.pos += 1;
        }
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        let s: String = self.chars[start..self.pos].iter().map(|c| c.1).collect();
        self.skip_ws();
        if s.is_empty() {
            return Ok(None);
        }
        s.parse().map(Some).map_err(|_| self.err("invalid integer"))
    }
}

/// Characters allowed in a dotted field name: anything but path punctuation and whitespace.
pub(super) fn is_name_char(c: char) -> bool {
    !matches!(
        c,
        '.' | '[' | ']' | '(' | ')' | ',' | '\'' | '"' | '=' | '<' | '>' | '!' | '&' | '|' | '@' | '$' | '?' | '*'
    ) && !c.is_whitespace()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_roots_and_segments() {
        let p = parse("$.a['b c'][0][*]").unwrap();
        assert_eq!(p.root, Root::Input);
        assert_eq!(p.normalized(), "$['a']['b c'][0][*]");
        assert!(!p.is_definite());
        assert!(parse("$$.Execution.Input").unwrap().is_definite());
        assert_eq!(parse("$var.x").unwrap().root, Root::Variable("var".into()));
    }

    #[test]
    fn rejects_garbage() {
        assert!(parse("a.b").is_err());
        assert!(parse("$.a[").is_err());
        assert!(parse("$.a b").is_err());
    }

    #[test]
    fn slices_and_unions() {
        let p = parse("$[1:3,5]").unwrap();
        assert_eq!(p.segments, vec![Segment::Child(vec![Selector::Slice(Some(1), Some(3), None), Selector::Index(5)])]);
    }
}
