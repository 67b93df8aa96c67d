//! Functions AWS Step Functions adds to JSONata (the JSONata forms of its intrinsics).

use md5::Digest;

use super::{arg, err, Entry};
use crate::error::Result;
use crate::eval::Evaluator;
use crate::value::{Env, V};

pub(super) const ENTRIES: &[Entry] = &[
    ("partition", "<an:a>", 2, partition),
    ("range", "<nnn?:a>", 3, range),
    ("hash", "<s-s?:s>", 2, hash),
    ("uuid", "<:s>", 0, uuid),
    ("parse", "<s-:j>", 1, parse),
];

fn partition(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let items = arg(args, 0).items();
    let size = arg(args, 1).as_num().unwrap_or(0.0);
    if size < 1.0 || size.fract() != 0.0 {
        return Err(err("D3200", "The chunk size of $partition must be a positive integer"));
    }
    Ok(V::array(items.chunks(size as usize).map(|c| V::array(c.to_vec())).collect()))
}

fn range(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let (V::Num(start), V::Num(end)) = (arg(args, 0), arg(args, 1)) else {
        return Ok(V::Undef);
    };
    let step = arg(args, 2).as_num().unwrap_or(1.0);
    if step == 0.0 || !step.is_finite() {
        return Err(err("D3201", "The step of $range must be a non-zero number"));
    }
    let count = ((end - start) / step).floor() + 1.0;
    if count > 1e7 {
        return Err(err("D2014", "The size of the sequence allocated by $range must not exceed 1e7"));
    }
    let n = count.max(0.0) as usize;
    // A sequence, as AWS returns it: one item collapses to that item.
    Ok(V::seq((0..n).map(|i| V::Num(start + i as f64 * step)).collect()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hash(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let V::Str(s) = arg(args, 0) else { return Ok(V::Undef) };
    let algo = arg(args, 1).as_str().unwrap_or("SHA-256").to_string();
    let data = s.as_bytes();
    let digest = match algo.as_str() {
        "MD5" => hex(&md5::Md5::digest(data)),
        "SHA-1" => hex(&sha1::Sha1::digest(data)),
        "SHA-256" => hex(&sha2::Sha256::digest(data)),
        "SHA-384" => hex(&sha2::Sha384::digest(data)),
        "SHA-512" => hex(&sha2::Sha512::digest(data)),
        other => {
            return Err(err(
                "D3202",
                format!("Unsupported hash algorithm {other}: use MD5, SHA-1, SHA-256, SHA-384 or SHA-512"),
            ))
        }
    };
    Ok(V::string(digest))
}

fn uuid(ev: &Evaluator, _: &[V], _: &V, _: &Env) -> Result<V> {
    let mut bytes = [0u8; 16];
    for chunk in bytes.chunks_mut(4) {
        let r = (ev.next_random() * 4294967296.0) as u32;
        chunk.copy_from_slice(&r.to_be_bytes());
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let h = hex(&bytes);
    Ok(V::string(format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])))
}

fn parse(_: &Evaluator, args: &[V], _: &V, _: &Env) -> Result<V> {
    let V::Str(s) = arg(args, 0) else { return Ok(V::Undef) };
    let j: serde_json::Value = serde_json::from_str(&s)
        .map_err(|e| err("D3203", format!("$parse could not parse the string as JSON: {e}")))?;
    Ok(V::from_json(&j))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_hex() {
        assert_eq!(hex(&sha2::Sha256::digest(b"abc"))[..8], *"ba7816bf");
        assert_eq!(hex(&md5::Md5::digest(b"")), "d41d8cd98f00b204e9800998ecf8427e");
    }
}
