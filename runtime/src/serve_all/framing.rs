//! What both ends of the serve-all socket share (the serve-all process here, `lambdaform local`'s emulator in
//! `lambdaform_codegen::runtime_api`): the socket variable, a frame as a little-endian `u32` length and that many
//! bytes, and a string inside one as a `u32` length and its UTF-8 bytes.

/// The dev server's socket, set by `lambdaform local`.
pub const SOCKET_ENV: &str = "LAMBDAFORM_SERVE_SOCKET";

/// Bytes read from the socket, cut into frames.
#[derive(Default)]
pub struct FrameBuffer {
    buffer: Vec<u8>,
    /// Where the first frame not yet taken starts.
    start: usize,
}

impl FrameBuffer {
    /// The buffer to read more bytes into, with room for them.
    pub fn buffer(&mut self) -> &mut Vec<u8> {
        if self.start > 0 {
            self.buffer.drain(..self.start);
            self.start = 0;
        }
        self.buffer.reserve(64 * 1024);
        &mut self.buffer
    }

    /// The body of the next complete frame, if the bytes read so far hold one; `Err(length)` for a frame
    /// announced longer than `max` bytes, which no well-behaved peer sends.
    pub fn next_frame(&mut self, max: usize) -> Result<Option<&[u8]>, usize> {
        let available = &self.buffer[self.start..];
        let Some(length) = available.get(..4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize) else {
            return Ok(None);
        };
        if length > max {
            return Err(length);
        }
        if available.len() < 4 + length {
            return Ok(None);
        }
        let body = self.start + 4;
        self.start = body + length;
        Ok(Some(&self.buffer[body..self.start]))
    }
}

/// Appends `text` as a length-prefixed string.
pub fn put_string(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(&(text.len() as u32).to_le_bytes());
    out.extend_from_slice(text.as_bytes());
}

/// Reserves a frame's length at the end of `out`; [`end_frame`] fills it in once the body is written.
pub fn begin_frame(out: &mut Vec<u8>) -> usize {
    out.extend_from_slice(&[0; 4]);
    out.len()
}

/// Writes the length of the frame whose body began at `body` (from [`begin_frame`]).
pub fn end_frame(out: &mut [u8], body: usize) {
    let length = (out.len() - body) as u32;
    out[body - 4..body].copy_from_slice(&length.to_le_bytes());
}

/// A length-prefixed string at the start of `bytes`, and what follows it; `None` when `bytes` is too short.
pub fn split_string(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let length = bytes.get(..4)?;
    let length = u32::from_le_bytes([length[0], length[1], length[2], length[3]]) as usize;
    let text = bytes.get(4..4 + length)?;
    Some((text, &bytes[4 + length..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_come_out_whole_however_the_bytes_arrive() {
        let mut wire = Vec::new();
        for body in ["a", "", "longer body"] {
            let at = begin_frame(&mut wire);
            put_string(&mut wire, body);
            end_frame(&mut wire, at);
        }
        let mut frames = FrameBuffer::default();
        let mut seen = Vec::new();
        for byte in wire {
            frames.buffer().push(byte);
            while let Some(frame) = frames.next_frame(1024).unwrap() {
                let (text, rest) = split_string(frame).unwrap();
                assert!(rest.is_empty());
                seen.push(String::from_utf8(text.to_vec()).unwrap());
            }
        }
        assert_eq!(seen, ["a", "", "longer body"]);
    }

    #[test]
    fn an_oversized_frame_is_refused_and_a_short_string_is_none() {
        let mut frames = FrameBuffer::default();
        frames.buffer().extend_from_slice(&2000u32.to_le_bytes());
        assert_eq!(frames.next_frame(1024), Err(2000));
        assert_eq!(split_string(&[5, 0, 0, 0, b'a']), None);
    }
}
