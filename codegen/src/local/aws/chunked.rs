//! `Content-Encoding: aws-chunked`, which the AWS SDKs use for streaming uploads with checksums in a
//! trailer: `<hex size>[;chunk-signature=...]\r\n<bytes>\r\n ... 0\r\n<trailers>\r\n\r\n`.

/// The payload inside an aws-chunked body.
pub fn decode(body: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let line_end = find_crlf(rest).ok_or("aws-chunked body: a chunk header has no line end")?;
        let header =
            std::str::from_utf8(&rest[..line_end]).map_err(|_| "aws-chunked body: chunk header is not text")?;
        let size_text = header.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| format!("aws-chunked body: `{size_text}` is not a hexadecimal chunk size"))?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            // Trailers (checksums) follow; the payload is complete.
            return Ok(out);
        }
        let chunk = rest.get(..size).ok_or("aws-chunked body: a chunk is shorter than its declared size")?;
        out.extend_from_slice(chunk);
        rest = rest[size..].strip_prefix(b"\r\n").ok_or("aws-chunked body: a chunk does not end with CRLF")?;
    }
}

fn find_crlf(bytes: &[u8]) -> Option<usize> {
    bytes.windows(2).position(|pair| pair == b"\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_signed_and_unsigned_chunks_with_trailers() {
        let body = b"5;chunk-signature=abc\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n";
        assert_eq!(decode(body).unwrap(), b"hello world");
        assert_eq!(decode(b"0\r\n\r\n").unwrap(), b"");
    }

    #[test]
    fn refuses_malformed_bodies() {
        assert!(decode(b"zz\r\nhello\r\n").is_err());
        assert!(decode(b"10\r\nshort\r\n").is_err());
        assert!(decode(b"5\r\nhelloXX").is_err());
        assert!(decode(b"5").is_err());
    }
}
