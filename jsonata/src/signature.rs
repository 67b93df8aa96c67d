//! Function signatures (`<s-n?:s>`): checking and coercing arguments before a call.
//! Each parameter becomes a regex fragment over one-letter type symbols, as in jsonata-js.

use crate::error::{JsonataError, Result};
use crate::value::V;

#[derive(Debug, Clone)]
struct Param {
    regex: String,
    kind: char,
    subtype: Option<String>,
    /// `-`: a missing argument is taken from the context, if its type fits `context_regex`.
    context_regex: Option<regex::Regex>,
}

#[derive(Debug, Clone)]
pub(crate) struct Signature {
    params: Vec<Param>,
    regex: regex::Regex,
}

fn closing(chars: &[char], start: usize, open: char, close: char) -> usize {
    let mut depth = 1;
    let mut i = start;
    while i + 1 < chars.len() {
        i += 1;
        if chars[i] == close {
            depth -= 1;
            if depth == 0 {
                break;
            }
        } else if chars[i] == open {
            depth += 1;
        }
    }
    i
}

fn compile(src: &str) -> Result<regex::Regex> {
    regex::Regex::new(src).map_err(|e| JsonataError::new("S0402", format!("Invalid function signature: {e}")))
}

impl Signature {
    pub fn parse(sig: &str) -> Result<Signature> {
        let chars: Vec<char> = sig.chars().collect();
        let mut params: Vec<Param> = Vec::new();
        let mut i = 1;
        while i < chars.len() {
            let c = chars[i];
            if c == ':' {
                break;
            }
            let simple = |regex: String| Param { regex, kind: c, subtype: None, context_regex: None };
            match c {
                's' | 'n' | 'b' | 'l' | 'o' => params.push(simple(format!("[{c}m]"))),
                'a' | 'x' => params.push(simple("[asnblfom]".into())),
                'f' => params.push(simple("f".into())),
                'j' => params.push(simple("[asnblom]".into())),
                '-' => {
                    if let Some(p) = params.last_mut() {
                        p.context_regex = Some(compile(&p.regex)?);
                        p.regex.push('?');
                    }
                }
                '?' | '+' => {
                    if let Some(p) = params.last_mut() {
                        p.regex.push(c);
                    }
                }
                '(' => {
                    let end = closing(&chars, i, '(', ')');
                    let choice: String = chars[i + 1..end].iter().collect();
                    if choice.contains('<') {
                        return Err(JsonataError::new(
                            "S0402",
                            "Choice groups containing parameterized types are not supported",
                        ));
                    }
                    params.push(Param { regex: format!("[{choice}m]"), kind: '(', subtype: None, context_regex: None });
                    i = end;
                }
                '<' => match params.last_mut() {
                    Some(p) if p.kind == 'a' || p.kind == 'f' => {
                        let end = closing(&chars, i, '<', '>');
                        p.subtype = Some(chars[i + 1..end].iter().collect());
                        i = end;
                    }
                    _ => {
                        return Err(JsonataError::new(
                            "S0401",
                            "Type parameters can only be applied to functions and arrays",
                        ))
                    }
                },
                _ => {}
            }
            i += 1;
        }
        let body: String = params.iter().map(|p| format!("({})", p.regex)).collect();
        let regex = compile(&format!("^{body}$"))?;
        Ok(Signature { params, regex })
    }

    /// Checks `args` against the signature, substituting the context for `-` parameters and
    /// wrapping single values where an array is expected.
    pub fn validate(&self, args: &[V], context: &V) -> Result<Vec<V>> {
        let supplied: String = args.iter().map(symbol).collect();
        let Some(caps) = self.regex.captures(&supplied) else {
            return Err(self.mismatch(args, &supplied));
        };
        let mut out = Vec::new();
        let mut arg_index = 0;
        for (pi, param) in self.params.iter().enumerate() {
            let matched = caps.get(pi + 1).map(|m| m.as_str()).unwrap_or("");
            if matched.is_empty() {
                match &param.context_regex {
                    Some(re) => {
                        if re.is_match(&symbol(context).to_string()) {
                            out.push(context.clone());
                        } else {
                            return Err(JsonataError::new(
                                "T0411",
                                format!(
                                    "Context value is not a compatible type with argument {} of function",
                                    arg_index + 1
                                ),
                            ));
                        }
                    }
                    None => {
                        out.push(args.get(arg_index).cloned().unwrap_or(V::Undef));
                        arg_index += 1;
                    }
                }
                continue;
            }
            for single in matched.chars() {
                let arg = args.get(arg_index).cloned().unwrap_or(V::Undef);
                if param.kind == 'a' {
                    if single == 'm' {
                        out.push(V::Undef);
                        arg_index += 1;
                        continue;
                    }
                    if let Some(sub) = &param.subtype {
                        let ok = if single != 'a' {
                            matched == sub
                        } else {
                            let items = arg.items();
                            match items.first() {
                                None => true,
                                Some(first) => {
                                    let t = symbol(first);
                                    sub.starts_with(t) && items.iter().all(|v| symbol(v) == t)
                                }
                            }
                        };
                        if !ok {
                            return Err(JsonataError::new(
                                "T0412",
                                format!(
                                    "Argument {} of function must be an array of {}",
                                    arg_index + 1,
                                    type_name(sub)
                                ),
                            ));
                        }
                    }
                    out.push(if single == 'a' { arg } else { V::array(vec![arg]) });
                } else {
                    out.push(arg);
                }
                arg_index += 1;
            }
        }
        Ok(out)
    }

    fn mismatch(&self, args: &[V], supplied: &str) -> JsonataError {
        let mut partial = String::from("^");
        let mut good = 0;
        for p in &self.params {
            partial.push_str(&p.regex);
            match regex::Regex::new(&partial).ok().and_then(|re| re.find(supplied).map(|m| m.end())) {
                Some(end) => good = end,
                None => break,
            }
        }
        let _ = args;
        JsonataError::new("T0410", format!("Argument {} of function does not match function signature", good + 1))
    }
}

fn type_name(sub: &str) -> &'static str {
    match sub.chars().next() {
        Some('s') => "strings",
        Some('n') => "numbers",
        Some('b') => "booleans",
        Some('o') => "objects",
        Some('f') => "functions",
        Some('a') => "arrays",
        _ => "values",
    }
}

/// The one-letter type symbol signatures match on; `m` is a missing (undefined) value.
pub(crate) fn symbol(v: &V) -> char {
    match v {
        V::Undef => 'm',
        V::Null => 'l',
        V::Bool(_) => 'b',
        V::Num(_) => 'n',
        V::Str(_) => 's',
        V::Arr(_) => 'a',
        V::Obj(_) => 'o',
        V::Func(_) => 'f',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_and_optional() {
        let sig = Signature::parse("<s-n?:s>").unwrap();
        let out = sig.validate(&[], &V::str("ctx")).unwrap();
        assert!(matches!(&out[0], V::Str(s) if &**s == "ctx"));
        assert_eq!(sig.validate(&[V::Bool(true)], &V::Undef).unwrap_err().code, "T0410");
        assert_eq!(sig.validate(&[], &V::Num(1.0)).unwrap_err().code, "T0411");
    }

    #[test]
    fn arrays_are_wrapped_and_typed() {
        let sig = Signature::parse("<a<n>:n>").unwrap();
        let out = sig.validate(&[V::Num(2.0)], &V::Undef).unwrap();
        assert_eq!(out[0].items().len(), 1);
        let bad = V::array(vec![V::Num(1.0), V::str("x")]);
        assert_eq!(sig.validate(&[bad], &V::Undef).unwrap_err().code, "T0412");
    }
}
