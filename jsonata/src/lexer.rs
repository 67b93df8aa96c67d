//! Splits expression source into tokens. Positions are character offsets, like jsonata-js reports.

use crate::error::{JsonataError, Result};

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    Op(&'static str),
    /// A field name; `quoted` when written in backticks (never a keyword then).
    Name(String, bool),
    Str(String),
    Num(f64),
    /// `true`, `false` or `null`.
    Value(serde_json::Value),
    /// `$name`; the bare `$` is the empty name.
    Var(String),
    Regex(String, String),
    /// A lexical error, raised only if the parser reaches it (as jsonata-js's lazy lexer does).
    Error(JsonataError),
    End,
}

#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub tok: Tok,
    pub pos: usize,
}

/// Longest operators first so `..` wins over `.`.
const OPERATORS: &[&str] = &[
    "..", ":=", "!=", ">=", "<=", "**", "~>", "?:", "??", ".", "[", "]", "{", "}", "(", ")", ",", "@", "#", ";", ":",
    "?", "+", "-", "*", "/", "%", "|", "=", "<", ">", "^", "&", "!", "~",
];

fn is_operator_char(c: char) -> bool {
    ".[]{}(),@#;:?+-*/%|=<>^&!~\"'`".contains(c)
}

pub(crate) fn tokenize(src: &str) -> Vec<Token> {
    let mut out = Vec::new();
    if let Err(e) = scan(src, &mut out) {
        let pos = e.position.unwrap_or(0);
        out.push(Token { tok: Tok::Error(e), pos });
    }
    out
}

fn scan(src: &str, out: &mut Vec<Token>) -> Result<()> {
    let chars: Vec<char> = src.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'*') {
            let start = i;
            i += 2;
            loop {
                if i + 1 >= chars.len() {
                    return Err(JsonataError::at("S0106", start, "Comment has no closing tag"));
                }
                if chars[i] == '*' && chars[i + 1] == '/' {
                    i += 2;
                    break;
                }
                i += 1;
            }
            continue;
        }
        let start = i;
        if c == '/' && regex_allowed(out.last()) {
            let (tok, next) = scan_regex(&chars, i)?;
            out.push(Token { tok, pos: start });
            i = next;
            continue;
        }
        if c == '"' || c == '\'' {
            let (s, next) = scan_string(&chars, i)?;
            out.push(Token { tok: Tok::Str(s), pos: start });
            i = next;
            continue;
        }
        if c == '`' {
            let end = chars[i + 1..].iter().position(|&ch| ch == '`');
            let Some(len) = end else {
                return Err(JsonataError::at(
                    "S0105",
                    start,
                    "Quoted property name must be terminated with a backquote (`)",
                ));
            };
            let name: String = chars[i + 1..i + 1 + len].iter().collect();
            out.push(Token { tok: Tok::Name(name, true), pos: start });
            i += len + 2;
            continue;
        }
        if c.is_ascii_digit() {
            let (n, next) = scan_number(&chars, i)?;
            out.push(Token { tok: Tok::Num(n), pos: start });
            i = next;
            continue;
        }
        if let Some(op) = OPERATORS.iter().find(|op| matches_at(&chars, i, op)) {
            if *op == "!" || *op == "~" {
                return Err(JsonataError::at("S0204", start, format!("Unknown operator: {op}")));
            }
            out.push(Token { tok: Tok::Op(op), pos: start });
            i += op.chars().count();
            continue;
        }
        // A name or variable runs until whitespace or an operator character.
        let is_var = c == '$';
        let mut j = if is_var { i + 1 } else { i };
        while j < chars.len() && !chars[j].is_whitespace() && !is_operator_char(chars[j]) {
            if is_var && j > i + 1 && chars[j] == '$' {
                break;
            }
            j += 1;
            if is_var && j == i + 2 && chars[i + 1] == '$' {
                break;
            }
        }
        let word: String = chars[if is_var { i + 1 } else { i }..j].iter().collect();
        let tok = if is_var {
            Tok::Var(word)
        } else {
            match word.as_str() {
                "and" => Tok::Op("and"),
                "or" => Tok::Op("or"),
                "in" => Tok::Op("in"),
                "true" => Tok::Value(serde_json::Value::Bool(true)),
                "false" => Tok::Value(serde_json::Value::Bool(false)),
                "null" => Tok::Value(serde_json::Value::Null),
                _ => Tok::Name(word, false),
            }
        };
        out.push(Token { tok, pos: start });
        i = j;
    }
    out.push(Token { tok: Tok::End, pos: chars.len() });
    Ok(())
}

fn matches_at(chars: &[char], i: usize, op: &str) -> bool {
    op.chars().enumerate().all(|(k, oc)| chars.get(i + k) == Some(&oc))
}

/// A `/` starts a regex only where an operand is expected (not after a value or a closing bracket).
fn regex_allowed(prev: Option<&Token>) -> bool {
    match prev.map(|t| &t.tok) {
        None => true,
        Some(Tok::Op(op)) => !matches!(*op, ")" | "]" | "}"),
        Some(_) => false,
    }
}

fn scan_regex(chars: &[char], start: usize) -> Result<(Tok, usize)> {
    let mut i = start + 1;
    let mut depth = 0i32;
    let mut escaped = false;
    while i < chars.len() {
        let c = chars[i];
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '[' {
            depth += 1;
        } else if c == ']' && depth > 0 {
            depth -= 1;
        } else if c == '/' && depth == 0 {
            let pattern: String = chars[start + 1..i].iter().collect();
            if pattern.is_empty() {
                return Err(JsonataError::at("S0301", start, "Empty regular expressions are not allowed"));
            }
            let mut j = i + 1;
            while j < chars.len() && (chars[j] == 'i' || chars[j] == 'm') {
                j += 1;
            }
            let flags: String = chars[i + 1..j].iter().collect();
            return Ok((Tok::Regex(pattern, flags), j));
        }
        i += 1;
    }
    Err(JsonataError::at("S0302", start, "No terminating / in regular expression"))
}

fn scan_string(chars: &[char], start: usize) -> Result<(String, usize)> {
    let quote = chars[start];
    let mut s = String::new();
    let mut i = start + 1;
    while i < chars.len() {
        let c = chars[i];
        if c == quote {
            return Ok((s, i + 1));
        }
        if c == '\\' {
            i += 1;
            let Some(&e) = chars.get(i) else { break };
            match e {
                '"' | '\\' | '/' | '\'' => s.push(e),
                'b' => s.push('\u{8}'),
                'f' => s.push('\u{c}'),
                'n' => s.push('\n'),
                'r' => s.push('\r'),
                't' => s.push('\t'),
                'u' => {
                    let unit = hex4(chars, i + 1).ok_or_else(|| {
                        JsonataError::at("S0104", i, "The escape sequence \\u must be followed by 4 hex digits")
                    })?;
                    i += 4;
                    // Combine UTF-16 surrogate pairs; a lone surrogate cannot live in a Rust string.
                    if (0xD800..0xDC00).contains(&unit)
                        && chars.get(i + 1) == Some(&'\\')
                        && chars.get(i + 2) == Some(&'u')
                    {
                        if let Some(low) = hex4(chars, i + 3).filter(|l| (0xDC00..0xE000).contains(l)) {
                            let cp = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                            s.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                            i += 6;
                            i += 1;
                            continue;
                        }
                    }
                    s.push(char::from_u32(unit).unwrap_or('\u{FFFD}'));
                }
                _ => {
                    return Err(JsonataError::at("S0103", i, format!("Unsupported escape sequence: \\{e}")));
                }
            }
            i += 1;
            continue;
        }
        s.push(c);
        i += 1;
    }
    Err(JsonataError::at("S0101", start, "String literal must be terminated by a matching quote"))
}

fn hex4(chars: &[char], at: usize) -> Option<u32> {
    let digits: String = chars.get(at..at + 4)?.iter().collect();
    if digits.chars().all(|c| c.is_ascii_hexdigit()) {
        u32::from_str_radix(&digits, 16).ok()
    } else {
        None
    }
}

fn scan_number(chars: &[char], start: usize) -> Result<(f64, usize)> {
    let mut i = start;
    let digits = |i: &mut usize| {
        while *i < chars.len() && chars[*i].is_ascii_digit() {
            *i += 1;
        }
    };
    digits(&mut i);
    // `1..5` is a range, not the number `1.`.
    if chars.get(i) == Some(&'.') && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit()) {
        i += 1;
        digits(&mut i);
    }
    if matches!(chars.get(i), Some('e') | Some('E')) {
        let mut j = i + 1;
        if matches!(chars.get(j), Some('+') | Some('-')) {
            j += 1;
        }
        if chars.get(j).is_some_and(|c| c.is_ascii_digit()) {
            i = j;
            digits(&mut i);
        }
    }
    let text: String = chars[start..i].iter().collect();
    let n: f64 = text.parse().map_err(|_| JsonataError::at("S0102", start, format!("Number out of range: {text}")))?;
    if !n.is_finite() {
        return Err(JsonataError::at("S0102", start, format!("Number out of range: {text}")));
    }
    Ok((n, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        tokenize(src).into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn operators_names_and_literals() {
        assert_eq!(
            toks("a.b[0] ~> $f"),
            vec![
                Tok::Name("a".into(), false),
                Tok::Op("."),
                Tok::Name("b".into(), false),
                Tok::Op("["),
                Tok::Num(0.0),
                Tok::Op("]"),
                Tok::Op("~>"),
                Tok::Var("f".into()),
                Tok::End
            ]
        );
        assert_eq!(toks("1..3")[1], Tok::Op(".."));
        assert_eq!(toks("$$")[0], Tok::Var("$".into()));
    }

    #[test]
    fn strings_escapes_and_regex() {
        assert_eq!(toks(r#""a\u00e9\n""#)[0], Tok::Str("aé\n".into()));
        assert_eq!(toks(r#""\ud834\udd1e""#)[0], Tok::Str("𝄞".into()));
        assert_eq!(toks("/a+/i")[0], Tok::Regex("a+".into(), "i".into()));
        assert_eq!(toks("4/2")[1], Tok::Op("/"));
    }

    fn lex_error(src: &str) -> String {
        match tokenize(src).pop().map(|t| t.tok) {
            Some(Tok::Error(e)) => e.code,
            other => format!("no error: {other:?}"),
        }
    }

    #[test]
    fn errors_have_codes() {
        assert_eq!(lex_error("'abc"), "S0101");
        assert_eq!(lex_error("/* x"), "S0106");
        assert_eq!(lex_error("`abc"), "S0105");
        assert_eq!(lex_error(r#""\q""#), "S0103");
        assert_eq!(lex_error("1e400"), "S0102");
    }
}
