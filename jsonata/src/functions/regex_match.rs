//! Iterating regex matches the way jsonata-js's matcher objects do.

use std::rc::Rc;

use crate::error::Result;
use crate::value::{Obj, V};

pub(crate) struct Found {
    pub text: String,
    /// Character offsets.
    pub start: usize,
    pub end: usize,
    pub groups: Vec<V>,
}

fn char_index(s: &str, byte: usize) -> usize {
    s[..byte].chars().count()
}

/// Successive matches, at most `limit`. A zero-length match after the first is an error
/// (it would never advance), as in jsonata-js.
pub(crate) fn find_all(re: &regex::Regex, s: &str, limit: Option<usize>) -> Result<Vec<Found>> {
    let mut out = Vec::new();
    let mut pos = 0;
    while limit.is_none_or(|l| out.len() < l) {
        let Some(caps) = re.captures_at(s, pos) else { break };
        let Some(m) = caps.get(0) else { break };
        if !out.is_empty() && m.as_str().is_empty() {
            return Err(super::err("D1004", format!("Regular expression matches zero length string: {}", re.as_str())));
        }
        let groups = (1..caps.len()).map(|i| caps.get(i).map(|g| V::str(g.as_str())).unwrap_or_default()).collect();
        out.push(Found {
            text: m.as_str().to_string(),
            start: char_index(s, m.start()),
            end: char_index(s, m.end()),
            groups,
        });
        pos = m.end();
        if pos >= s.len() {
            break;
        }
    }
    Ok(out)
}

/// The object a regex yields when called as a function.
pub(crate) fn regex_match_object(re: &regex::Regex, s: &str, from: usize) -> V {
    let Some(caps) = re.captures_at(s, from) else {
        return V::Undef;
    };
    let Some(m) = caps.get(0) else { return V::Undef };
    let mut o = Obj::new();
    o.insert("match".into(), V::str(m.as_str()));
    o.insert("start".into(), V::Num(char_index(s, m.start()) as f64));
    o.insert("end".into(), V::Num(char_index(s, m.end()) as f64));
    let groups = (1..caps.len()).map(|i| caps.get(i).map(|g| V::str(g.as_str())).unwrap_or_default()).collect();
    o.insert("groups".into(), V::array(groups));
    V::Obj(Rc::new(o))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_characters() {
        let re = regex::Regex::new("b+").unwrap();
        let found = find_all(&re, "ébbcb", None).unwrap();
        assert_eq!((found[0].start, found[0].end, found[1].start), (1, 3, 4));
    }

    #[test]
    fn empty_matches_after_the_first_are_errors() {
        let re = regex::Regex::new("x*").unwrap();
        assert_eq!(find_all(&re, "ab", None).err().map(|e| e.code), Some("D1004".into()));
    }
}
