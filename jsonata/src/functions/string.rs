//! String functions. Lengths and offsets count Unicode code points, as jsonata-js does.

use base64::Engine;

use super::regex_match::find_all;
use super::{arg, err, Entry};
use crate::error::Result;
use crate::eval::Evaluator;
use crate::json::{stringify, to_js_string};
use crate::value::{Env, Func, Obj, V};

pub(super) const ENTRIES: &[Entry] = &[
    // Arity 1: jsonata-js counts only parameters without defaults.
    ("string", "<x-b?:s>", 1, string),
    ("substring", "<s-nn?:s>", 3, substring),
    ("substringBefore", "<s-s:s>", 2, substring_before),
    ("substringAfter", "<s-s:s>", 2, substring_after),
    ("lowercase", "<s-:s>", 1, lowercase),
    ("uppercase", "<s-:s>", 1, uppercase),
    ("length", "<s-:n>", 1, length),
    ("trim", "<s-:s>", 1, trim),
    ("pad", "<s-ns?:s>", 3, pad),
    ("contains", "<s-(sf):b>", 2, contains),
    ("split", "<s-(sf)n?:a<s>>", 3, split),
    ("join", "<a<s>s?:s>", 2, join),
    ("match", "<s-f<s:o>n?:a<o>>", 3, match_fn),
    ("replace", "<s-(sf)(sf)n?:s>", 4, replace),
    ("base64encode", "<s-:s>", 1, base64encode),
    ("base64decode", "<s-:s>", 1, base64decode),
    ("encodeUrlComponent", "<s-:s>", 1, encode_url_component),
    ("encodeUrl", "<s-:s>", 1, encode_url),
    ("decodeUrlComponent", "<s-:s>", 1, decode_url_component),
    ("decodeUrl", "<s-:s>", 1, decode_url),
];

/// The regex behind a matcher argument. Only regex literals are matchers here; jsonata-js also
/// accepts custom matcher functions, which AWS expressions have no way to define.
fn matcher(v: &V, function: &str) -> Result<regex::Regex> {
    match v {
        V::Func(f) => match &**f {
            Func::Regex(re) => Ok((**re).clone()),
            _ => Err(err(
                "T1010",
                format!("The matcher function argument passed to function {function} does not return the correct object structure"),
            )),
        },
        _ => Err(err("T0410", format!("Argument 2 of function {function} does not match function signature"))),
    }
}

fn string(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let v = arg(args, 0);
    if v.is_undef() {
        return Ok(V::Undef);
    }
    if matches!(arg(args, 1), V::Bool(true)) && !matches!(v, V::Str(_)) {
        if let V::Num(n) = v {
            if !n.is_finite() {
                return Err(err("D3001", "Attempting to invoke string function on Infinity or NaN"));
            }
        }
        return Ok(V::string(stringify(&v, true)?));
    }
    Ok(V::string(to_js_string(&v)?))
}

/// JavaScript `Array.prototype.slice` index arithmetic.
fn slice_bounds(len: usize, start: f64, end: Option<f64>) -> (usize, usize) {
    let norm = |i: f64| -> usize {
        let i = i.trunc();
        if i < 0.0 {
            (len as f64 + i).max(0.0) as usize
        } else {
            (i as usize).min(len)
        }
    };
    let s = norm(start);
    let e = end.map(norm).unwrap_or(len);
    (s, e.max(s))
}

fn substring(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let V::Str(s) = arg(args, 0) else { return Ok(V::Undef) };
    let chars: Vec<char> = s.chars().collect();
    let len = chars.len() as f64;
    let mut start = arg(args, 1).as_num().unwrap_or(0.0);
    if len + start < 0.0 {
        start = 0.0;
    }
    let (a, b) = match arg(args, 2).as_num() {
        Some(l) => {
            if l <= 0.0 {
                return Ok(V::str(""));
            }
            let end = if start >= 0.0 { start + l } else { len + start + l };
            slice_bounds(chars.len(), start, Some(end))
        }
        None => slice_bounds(chars.len(), start, None),
    };
    Ok(V::string(chars[a..b].iter().collect()))
}

fn substring_before(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let (V::Str(s), V::Str(c)) = (arg(args, 0), arg(args, 1)) else {
        return Ok(arg(args, 0));
    };
    Ok(match s.find(&*c) {
        Some(i) => V::str(&s[..i]),
        None => V::Str(s),
    })
}

fn substring_after(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let (V::Str(s), V::Str(c)) = (arg(args, 0), arg(args, 1)) else {
        return Ok(arg(args, 0));
    };
    Ok(match s.find(&*c) {
        Some(i) => V::str(&s[i + c.len()..]),
        None => V::Str(s),
    })
}

fn lowercase(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    Ok(match arg(args, 0) {
        V::Str(s) => V::string(s.to_lowercase()),
        _ => V::Undef,
    })
}

fn uppercase(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    Ok(match arg(args, 0) {
        V::Str(s) => V::string(s.to_uppercase()),
        _ => V::Undef,
    })
}

fn length(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    Ok(match arg(args, 0) {
        V::Str(s) => V::Num(s.chars().count() as f64),
        _ => V::Undef,
    })
}

fn trim(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let V::Str(s) = arg(args, 0) else { return Ok(V::Undef) };
    let mut out = String::new();
    let mut in_space = false;
    for c in s.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r') {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    let out = out.strip_prefix(' ').unwrap_or(&out);
    let out = out.strip_suffix(' ').unwrap_or(out);
    Ok(V::str(out))
}

fn pad(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let V::Str(s) = arg(args, 0) else { return Ok(V::Undef) };
    let width = arg(args, 1).as_num().unwrap_or(0.0);
    let fill = match arg(args, 2) {
        V::Str(c) if !c.is_empty() => c.to_string(),
        _ => " ".to_string(),
    };
    let pad_len = width.abs().trunc() as i64 - s.chars().count() as i64;
    if pad_len <= 0 {
        return Ok(V::Str(s));
    }
    // The same bound as the range operator: a runaway width must not exhaust memory.
    if pad_len > 10_000_000 {
        return Err(err("D2014", format!("$pad would allocate {pad_len} characters; the limit is 1e7")));
    }
    let padding: String = fill.chars().cycle().take(pad_len as usize).collect();
    Ok(V::string(if width > 0.0 { format!("{s}{padding}") } else { format!("{padding}{s}") }))
}

fn contains(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let V::Str(s) = arg(args, 0) else { return Ok(V::Undef) };
    Ok(match arg(args, 1) {
        V::Str(t) => V::Bool(s.contains(&*t)),
        V::Undef => V::Undef,
        other => V::Bool(!find_all(&matcher(&other, "contains")?, &s, Some(1))?.is_empty()),
    })
}

fn split(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let V::Str(s) = arg(args, 0) else { return Ok(V::Undef) };
    let limit = arg(args, 2).as_num();
    if limit.is_some_and(|l| l < 0.0) {
        return Err(err("D3020", "Third argument of split function must evaluate to a positive number"));
    }
    let limit = limit.map(|l| l.floor() as usize);
    let mut parts: Vec<String> = Vec::new();
    if limit != Some(0) {
        match arg(args, 1) {
            V::Str(sep) => {
                if sep.is_empty() {
                    parts = s.chars().map(|c| c.to_string()).collect();
                } else {
                    parts = s.split(&*sep).map(str::to_string).collect();
                }
                if let Some(l) = limit {
                    parts.truncate(l);
                }
            }
            other => {
                let re = matcher(&other, "split")?;
                let found = find_all(&re, &s, limit)?;
                let chars: Vec<char> = s.chars().collect();
                let mut start = 0;
                for f in &found {
                    parts.push(chars[start..f.start].iter().collect());
                    start = f.end;
                }
                if limit.is_none_or(|l| found.len() < l) {
                    parts.push(chars[start..].iter().collect());
                }
            }
        }
    }
    Ok(V::array(parts.into_iter().map(V::string).collect()))
}

fn join(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let items = arg(args, 0);
    if items.is_undef() {
        return Ok(V::Undef);
    }
    let sep = arg(args, 1).as_str().unwrap_or("").to_string();
    let strs: Vec<String> = items.items().iter().filter_map(|v| v.as_str().map(str::to_string)).collect();
    Ok(V::string(strs.join(&sep)))
}

fn match_fn(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let V::Str(s) = arg(args, 0) else { return Ok(V::Undef) };
    let limit = arg(args, 2).as_num();
    if limit.is_some_and(|l| l < 0.0) {
        return Err(err("D3040", "Third argument of match function must evaluate to a positive number"));
    }
    let re = matcher(&arg(args, 1), "match")?;
    let found = find_all(&re, &s, limit.map(|l| l.floor() as usize))?;
    Ok(V::seq(
        found
            .into_iter()
            .map(|f| {
                let mut o = Obj::new();
                o.insert("match".into(), V::string(f.text));
                o.insert("index".into(), V::Num(f.start as f64));
                o.insert("groups".into(), V::array(f.groups));
                V::object(o)
            })
            .collect(),
    ))
}

/// Expands `$0`, `$1`.. and `$$` in a replacement string, using as many digits as can name a group.
fn substitute(replacement: &str, matched: &str, groups: &[V]) -> String {
    let chars: Vec<char> = replacement.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '$' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        i += 1;
        match chars.get(i) {
            Some('$') => {
                out.push('$');
                i += 1;
            }
            Some('0') => {
                out.push_str(matched);
                i += 1;
            }
            _ => {
                let max_digits = if groups.is_empty() { 1 } else { (groups.len() as f64).log10().floor() as usize + 1 };
                let take = |n: usize| -> Option<usize> {
                    let d: String =
                        chars[i..(i + n).min(chars.len())].iter().take_while(|c| c.is_ascii_digit()).collect();
                    d.parse().ok()
                };
                let mut index = take(max_digits);
                if max_digits > 1 && index.is_some_and(|x| x > groups.len()) {
                    index = take(max_digits - 1);
                }
                match index {
                    Some(ix) => {
                        if ix >= 1 {
                            if let Some(V::Str(g)) = groups.get(ix - 1) {
                                out.push_str(g);
                            }
                        }
                        i += ix.to_string().len();
                    }
                    None => out.push('$'),
                }
            }
        }
    }
    out
}

fn replace(ev: &Evaluator, args: &[V], input: &V, env: &Env) -> Result<V> {
    let V::Str(s) = arg(args, 0) else { return Ok(V::Undef) };
    let pattern = arg(args, 1);
    let replacement = arg(args, 2);
    if pattern.as_str() == Some("") {
        return Err(err("D3010", "Second argument of replace function cannot be an empty string"));
    }
    let limit = arg(args, 3).as_num();
    if limit.is_some_and(|l| l < 0.0) {
        return Err(err("D3011", "Fourth argument of replace function must evaluate to a positive number"));
    }
    let limit = limit.map(|l| l.floor() as usize);
    if limit == Some(0) {
        return Ok(V::Str(s));
    }
    if let V::Str(p) = &pattern {
        let rep = crate::json::to_js_string(&replacement)?;
        let mut out = String::new();
        let mut rest: &str = &s;
        let mut count = 0;
        while limit.is_none_or(|l| count < l) {
            let Some(i) = rest.find(&**p) else { break };
            out.push_str(&rest[..i]);
            out.push_str(&rep);
            rest = &rest[i + p.len()..];
            count += 1;
        }
        out.push_str(rest);
        return Ok(V::string(out));
    }
    let re = matcher(&pattern, "replace")?;
    let found = find_all(&re, &s, limit)?;
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut pos = 0;
    for f in found {
        out.extend(&chars[pos..f.start]);
        let piece = match &replacement {
            V::Str(r) => substitute(r, &f.text, &f.groups),
            func => {
                let mut o = Obj::new();
                o.insert("match".into(), V::string(f.text.clone()));
                o.insert("index".into(), V::Num(f.start as f64));
                o.insert("groups".into(), V::array(f.groups.clone()));
                match ev.apply(func, vec![V::object(o)], input, env)? {
                    V::Str(r) => r.to_string(),
                    _ => return Err(err("D3012", "Attempted to replace a matched string with a non-string value")),
                }
            }
        };
        out.push_str(&piece);
        pos = f.end;
    }
    out.extend(&chars[pos..]);
    Ok(V::string(out))
}

fn base64encode(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    Ok(match arg(args, 0) {
        V::Str(s) => V::string(base64::engine::general_purpose::STANDARD.encode(s.as_bytes())),
        _ => V::Undef,
    })
}

fn base64decode(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let V::Str(s) = arg(args, 0) else { return Ok(V::Undef) };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(s.as_bytes())
        .map_err(|e| err("D3137", format!("Invalid base64 input: {e}")))?;
    Ok(V::string(String::from_utf8_lossy(&bytes).into_owned()))
}

fn percent_encode(s: &str, keep: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || keep.contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

const COMPONENT_SAFE: &str = "-_.!~*'()";
const URI_SAFE: &str = "-_.!~*'();/?:@&=+$,#";

fn encode_url_component(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    Ok(match arg(args, 0) {
        V::Str(s) => V::string(percent_encode(&s, COMPONENT_SAFE)),
        _ => V::Undef,
    })
}

fn encode_url(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    Ok(match arg(args, 0) {
        V::Str(s) => V::string(percent_encode(&s, URI_SAFE)),
        _ => V::Undef,
    })
}

/// `decodeURI(Component)`: `reserved` escapes are left encoded (decodeURI keeps `%2F` etc.).
fn percent_decode(s: &str, reserved: &str) -> Result<String> {
    let bytes = s.as_bytes();
    let mut out: Vec<u8> = Vec::new();
    let mut i = 0;
    let malformed = || err("D3140", "Malformed URL passed to $decodeUrl(): ");
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3).ok_or_else(malformed)?;
            let b = u8::from_str_radix(hex, 16).map_err(|_| malformed())?;
            if b < 0x80 && reserved.contains(b as char) {
                out.extend_from_slice(&bytes[i..i + 3]);
            } else {
                out.push(b);
            }
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| malformed())
}

fn decode_url_component(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    Ok(match arg(args, 0) {
        V::Str(s) => V::string(percent_decode(&s, "")?),
        _ => V::Undef,
    })
}

fn decode_url(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    Ok(match arg(args, 0) {
        V::Str(s) => V::string(percent_decode(&s, ";/?:@&=+$,#")?),
        _ => V::Undef,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitution_picks_group_digits() {
        let groups = vec![V::str("a"), V::str("b")];
        assert_eq!(substitute("$2-$1-$$-$0", "ab", &groups), "b-a-$-ab");
        assert_eq!(substitute("$3", "x", &groups), "");
    }

    #[test]
    fn url_round_trip() {
        let enc = percent_encode("a b/é", COMPONENT_SAFE);
        assert_eq!(enc, "a%20b%2F%C3%A9");
        assert_eq!(percent_decode(&enc, "").unwrap(), "a b/é");
        assert_eq!(percent_decode("%E0%A4%A", "").unwrap_err().code, "D3140");
    }
}
