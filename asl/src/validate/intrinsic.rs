//! Syntax and arity of intrinsic functions (`States.Format('{}', $.x)`) where a `.$` field holds one.

use super::paths::{path_error, PathKind};

/// How many arguments each intrinsic takes: `(name, min, max)`; `None` means no upper bound.
const ARITY: &[(&str, usize, Option<usize>)] = &[
    ("States.Format", 1, None),
    ("States.StringToJson", 1, Some(1)),
    ("States.JsonToString", 1, Some(1)),
    ("States.Array", 0, None),
    ("States.ArrayPartition", 2, Some(2)),
    ("States.ArrayContains", 2, Some(2)),
    ("States.ArrayRange", 3, Some(3)),
    ("States.ArrayGetItem", 2, Some(2)),
    ("States.ArrayLength", 1, Some(1)),
    ("States.ArrayUnique", 1, Some(1)),
    ("States.Base64Encode", 1, Some(1)),
    ("States.Base64Decode", 1, Some(1)),
    ("States.Hash", 2, Some(2)),
    ("States.JsonMerge", 3, Some(3)),
    ("States.MathRandom", 2, Some(3)),
    ("States.MathAdd", 2, Some(2)),
    ("States.StringSplit", 2, Some(2)),
    ("States.UUID", 0, Some(0)),
];

const HASH_ALGORITHMS: &[&str] = &["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"];

/// Whether a `.$` value is meant as an intrinsic call rather than a path.
pub(crate) fn looks_like_call(s: &str) -> bool {
    s.trim_start().starts_with("States.")
}

/// Returns the reason `text` is not a well-formed intrinsic function call, if it is not.
pub(crate) fn call_error(text: &str) -> Option<String> {
    let mut p = Parser { chars: text.chars().collect(), pos: 0 };
    let result = p.skip_ws_then(|p| p.call()).and_then(|_| {
        p.skip_ws();
        if p.pos < p.chars.len() {
            Err(p.err("unexpected text after the closing ')'"))
        } else {
            Ok(())
        }
    });
    result.err().map(|m| format!("invalid intrinsic function '{text}': {m}"))
}

/// One argument, kept only as far as the semantic checks below need it.
enum Arg {
    Str(String),
    Other,
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn err(&self, message: &str) -> String {
        format!("{message} (at character {})", self.pos)
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn skip_ws_then<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T, String>) -> Result<T, String> {
        self.skip_ws();
        f(self)
    }

    fn call(&mut self) -> Result<(), String> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || c == '.') {
            self.pos += 1;
        }
        let name: String = self.chars[start..self.pos].iter().collect();
        let Some(&(_, min, max)) = ARITY.iter().find(|(n, _, _)| *n == name) else {
            return Err(format!("unknown intrinsic function '{name}'"));
        };
        self.skip_ws();
        if self.peek() != Some('(') {
            return Err(self.err(&format!("expected '(' after {name}")));
        }
        self.pos += 1;
        let args = self.args()?;
        let n = args.len();
        if n < min || max.is_some_and(|m| n > m) {
            let expected = match max {
                Some(m) if m == min => format!("{min}"),
                Some(m) => format!("{min} to {m}"),
                None => format!("at least {min}"),
            };
            return Err(format!("{name} takes {expected} argument(s), found {n}"));
        }
        check_semantics(&name, &args)
    }

    fn args(&mut self) -> Result<Vec<Arg>, String> {
        let mut args = Vec::new();
        self.skip_ws();
        if self.peek() == Some(')') {
            self.pos += 1;
            return Ok(args);
        }
        loop {
            self.skip_ws();
            args.push(self.arg()?);
            self.skip_ws();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(')') => {
                    self.pos += 1;
                    return Ok(args);
                }
                Some(c) => return Err(self.err(&format!("expected ',' or ')', found '{c}'"))),
                None => return Err(self.err("missing ')'")),
            }
        }
    }

    fn arg(&mut self) -> Result<Arg, String> {
        match self.peek() {
            Some('\'') => self.string().map(Arg::Str),
            Some('$') => self.path().map(|_| Arg::Other),
            Some(c) if c == '-' || c.is_ascii_digit() => self.number().map(|_| Arg::Other),
            Some('S') => self.call().map(|_| Arg::Other),
            Some(_) => {
                for word in ["true", "false", "null"] {
                    if self.rest_starts_with(word) {
                        self.pos += word.len();
                        return Ok(Arg::Other);
                    }
                }
                Err(self.err(
                    "expected a string in single quotes, a number, a boolean, null, a path or an intrinsic function",
                ))
            }
            None => Err(self.err("missing argument")),
        }
    }

    fn rest_starts_with(&self, word: &str) -> bool {
        let end = self.pos + word.len();
        end <= self.chars.len() && self.chars[self.pos..end].iter().copied().eq(word.chars())
    }

    /// A quoted literal; `\` escapes the next character (`\'`, `\{`, `\}`, `\\`).
    fn string(&mut self) -> Result<String, String> {
        let open = self.pos;
        self.pos += 1;
        let mut s = String::new();
        loop {
            match self.peek() {
                None => {
                    self.pos = open;
                    return Err(self.err("unterminated string"));
                }
                Some('\\') => {
                    s.push('\\');
                    self.pos += 1;
                    match self.peek() {
                        Some(c) => s.push(c),
                        None => return Err(self.err("unterminated escape")),
                    }
                    self.pos += 1;
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

    fn number(&mut self) -> Result<(), String> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E')) {
            self.pos += 1;
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        text.parse::<f64>().map(|_| ()).map_err(|_| format!("'{text}' is not a number"))
    }

    /// A path argument runs to the next ',' or ')' outside brackets and quotes.
    fn path(&mut self) -> Result<(), String> {
        let start = self.pos;
        let (mut depth, mut quote) = (0usize, None::<char>);
        while let Some(c) = self.peek() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), '\\') => self.pos += 1,
                (Some(_), _) => {}
                (None, '\'' | '"') => quote = Some(c),
                (None, '[' | '(') => depth += 1,
                (None, ']' | ')') if depth > 0 => depth -= 1,
                (None, ',' | ')') => break,
                (None, c) if depth == 0 && c.is_whitespace() => break,
                (None, _) => {}
            }
            self.pos += 1;
        }
        let text: String = self.chars[start..self.pos.min(self.chars.len())].iter().collect();
        match path_error(&text, PathKind::Any) {
            Some(m) => Err(m),
            None => Ok(()),
        }
    }
}

/// Checks that need the literal arguments: placeholders, hash algorithms, deep merge.
fn check_semantics(name: &str, args: &[Arg]) -> Result<(), String> {
    match (name, args) {
        ("States.Format", [Arg::Str(template), rest @ ..]) => {
            let holes = placeholders(template);
            if holes != rest.len() {
                return Err(format!(
                    "the template has {holes} '{{}}' placeholder(s) but {} value(s) follow it",
                    rest.len()
                ));
            }
            Ok(())
        }
        ("States.Hash", [_, Arg::Str(algorithm)]) if !HASH_ALGORITHMS.contains(&algorithm.as_str()) => {
            Err(format!("'{algorithm}' is not a hash algorithm; use one of {}", HASH_ALGORITHMS.join(", ")))
        }
        _ => Ok(()),
    }
}

/// Counts `{}` pairs that are not escaped as `\{`.
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
            ("States.Format('{} {}', $.a)", "2 '{}' placeholder(s) but 1 value(s)"),
            ("States.Hash($.a, 'SHA-3')", "not a hash algorithm"),
            ("States.Array($.a", "missing ')'"),
            ("States.Array('a) ", "unterminated string"),
            ("States.Array(foo)", "expected a string in single quotes"),
            ("States.UUID() x", "unexpected text after"),
            ("States.ArrayLength($.a[)", "not a valid JSONPath"),
        ] {
            let got = call_error(bad).unwrap_or_default();
            assert!(got.contains(why), "{bad}: {got}");
        }
    }
}
