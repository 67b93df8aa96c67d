//! RFC 6901 JSON pointers, built one segment at a time while walking a definition.

use std::fmt;

/// A JSON pointer into the definition being validated; the root is the empty string.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Ptr(String);

impl Ptr {
    pub(crate) fn root() -> Self {
        Ptr(String::new())
    }

    /// The pointer to member `key` of the object this pointer designates.
    pub(crate) fn key(&self, key: &str) -> Ptr {
        let mut s = String::with_capacity(self.0.len() + key.len() + 1);
        s.push_str(&self.0);
        s.push('/');
        // RFC 6901 §3: '~' must be escaped before '/' so "~1" is not re-read as "/".
        for c in key.chars() {
            match c {
                '~' => s.push_str("~0"),
                '/' => s.push_str("~1"),
                c => s.push(c),
            }
        }
        Ptr(s)
    }

    /// The pointer to element `index` of the array this pointer designates.
    pub(crate) fn index(&self, index: usize) -> Ptr {
        Ptr(format!("{}/{index}", self.0))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Ptr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Ptr;

    #[test]
    fn escapes_tilde_and_slash() {
        let p = Ptr::root().key("States").key("a/b~c").index(3);
        assert_eq!(p.as_str(), "/States/a~1b~0c/3");
    }
}
