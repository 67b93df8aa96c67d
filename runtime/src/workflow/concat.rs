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
/// Each part is copied as one slice, not byte by byte: the compile-time interpreter runs this for every item's
/// fragment, and a workflow's is tens of kilobytes.
pub const fn fragment<const N: usize>(parts: &[&str]) -> [u8; N] {
    let mut out = [0u8; N];
    let mut at = 0;
    let mut i = 0;
    while i < parts.len() {
        let bytes = parts[i].as_bytes();
        assert!(at + bytes.len() < N, "fragment length mismatch");
        let (_, rest) = out.split_at_mut(at);
        let (dest, _) = rest.split_at_mut(bytes.len());
        dest.copy_from_slice(bytes);
        at += bytes.len();
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
