//! Builds a manifest fragment at compile time out of literal JSON pieces and `Step::NAME`-style constants.

/// The total length of `parts`, plus one for the fragment's NUL terminator.
pub const fn fragment_len(parts: &[&str]) -> usize {
    let mut len = 1;
    let mut i = 0;
    while i < parts.len() {
        len += parts[i].len();
        i += 1;
    }
    len
}

/// `parts` concatenated and NUL-terminated; `N` must be [`fragment_len`] of them (a mismatch fails the build).
pub const fn fragment<const N: usize>(parts: &[&str]) -> [u8; N] {
    let mut out = [0u8; N];
    let mut at = 0;
    let mut i = 0;
    while i < parts.len() {
        let bytes = parts[i].as_bytes();
        let mut j = 0;
        while j < bytes.len() {
            out[at] = bytes[j];
            at += 1;
            j += 1;
        }
        i += 1;
    }
    assert!(at + 1 == N, "fragment length mismatch");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_joined_and_terminated() {
        const PARTS: &[&str] = &["{\"a\":\"", "x", "\"}"];
        const BYTES: [u8; fragment_len(PARTS)] = fragment(PARTS);
        assert_eq!(&BYTES, b"{\"a\":\"x\"}\0");
    }
}
