//! The dev server's side of the frame protocol a serve-all process speaks on the multiplexed emulator's Unix
//! socket (the process's side is `lambdaform::serve_all`; `RUNTIME_API.md` describes both). Integers are
//! little-endian; a string is a `u32` length and its UTF-8 bytes.
//!
//! - event, to the process: `u32` length of the rest, `u64` deadline (ms since the epoch), then the strings
//!   request id, function, invoked function ARN, X-Ray trace id, client context, Cognito identity (empty when
//!   absent), then the payload (the rest of the frame).
//! - reply, from the process: `u32` length of the rest, `u8` 0 (response) or 1 (error), the request id, then
//!   the response body (the rest) or the error type as a string and the error message (the rest).

use super::error::FunctionError;
use super::invoke::Outcome;
use super::state::{Event, MAX_PAYLOAD_BYTES};
use std::io::{Error, ErrorKind};

/// Replies past this are not a serve-all process's: it answers at most a little over the payload limit
/// (an over-limit answer still arrives whole, to fail its invocation as Lambda does).
const MAX_FRAME: usize = 64 * 1024 * 1024;

/// Appends `event` to `out`.
pub(crate) fn encode_event(out: &mut Vec<u8>, event: &Event) {
    let at = out.len();
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(event.deadline_ms as u64).to_le_bytes());
    let absent = String::new();
    for text in [
        &event.id,
        event.function.as_ref().unwrap_or(&absent),
        &event.function_arn,
        &event.trace_id,
        event.client_context.as_ref().unwrap_or(&absent),
        event.cognito_identity.as_ref().unwrap_or(&absent),
    ] {
        out.extend_from_slice(&(text.len() as u32).to_le_bytes());
        out.extend_from_slice(text.as_bytes());
    }
    out.extend_from_slice(&event.payload);
    let length = (out.len() - at - 4) as u32;
    out[at..at + 4].copy_from_slice(&length.to_le_bytes());
}

/// One answer of the process.
pub(crate) struct Reply {
    pub id: String,
    pub outcome: Outcome,
}

/// Bytes read from the socket, cut into replies.
#[derive(Default)]
pub(crate) struct Replies {
    buffer: Vec<u8>,
    /// Where the first reply not yet taken starts.
    start: usize,
}

impl Replies {
    /// The buffer to read more bytes into, with room for them.
    pub fn buffer(&mut self) -> &mut Vec<u8> {
        if self.start > 0 {
            self.buffer.drain(..self.start);
            self.start = 0;
        }
        self.buffer.reserve(64 * 1024);
        &mut self.buffer
    }

    /// The next complete reply, if the bytes read so far hold one.
    pub fn next_reply(&mut self) -> Result<Option<Reply>, Error> {
        let available = &self.buffer[self.start..];
        let Some(length) = available.get(..4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize) else {
            return Ok(None);
        };
        if length > MAX_FRAME {
            return Err(invalid(format!("a reply frame of {length} bytes")));
        }
        let Some(frame) = available.get(4..4 + length) else {
            return Ok(None);
        };
        let reply = decode_reply(frame)?;
        self.start += 4 + length;
        if self.start == self.buffer.len() {
            self.buffer.clear();
            self.start = 0;
        }
        Ok(Some(reply))
    }
}

fn decode_reply(frame: &[u8]) -> Result<Reply, Error> {
    let (&kind, rest) = frame.split_first().ok_or_else(|| invalid("an empty reply frame".into()))?;
    let (id, rest) = string(rest)?;
    let outcome = match kind {
        0 if rest.len() > MAX_PAYLOAD_BYTES => Outcome::Error(FunctionError::new(
            "Function.ResponseSizeTooLarge",
            format!("Response payload size exceeded maximum allowed payload size ({MAX_PAYLOAD_BYTES} bytes)."),
        )),
        0 => Outcome::Response(rest.to_vec()),
        1 => {
            let (error_type, message) = string(rest)?;
            Outcome::Error(FunctionError::new(error_type, String::from_utf8_lossy(message)))
        }
        other => return Err(invalid(format!("a reply of kind {other}"))),
    };
    Ok(Reply { id, outcome })
}

/// A length-prefixed string and what follows it.
fn string(bytes: &[u8]) -> Result<(String, &[u8]), Error> {
    let truncated = || invalid("a truncated reply frame".into());
    let length = bytes.get(..4).ok_or_else(truncated)?;
    let length = u32::from_le_bytes([length[0], length[1], length[2], length[3]]) as usize;
    let text = bytes.get(4..4 + length).ok_or_else(truncated)?;
    let text = String::from_utf8(text.to_vec()).map_err(|_| invalid("a string that is not UTF-8".into()))?;
    Ok((text, &bytes[4 + length..]))
}

fn invalid(what: String) -> Error {
    Error::new(ErrorKind::InvalidData, format!("{what} from the serve-all process"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply_frame(kind: u8, id: &str, rest: &[u8]) -> Vec<u8> {
        let mut body = vec![kind];
        body.extend_from_slice(&(id.len() as u32).to_le_bytes());
        body.extend_from_slice(id.as_bytes());
        body.extend_from_slice(rest);
        let mut frame = (body.len() as u32).to_le_bytes().to_vec();
        frame.extend_from_slice(&body);
        frame
    }

    #[test]
    fn events_carry_every_field_in_order() {
        let event = Event {
            id: "rid".into(),
            function: Some("total".into()),
            payload: br#"{"a":1}"#.to_vec(),
            deadline_ms: 1_700_000_000_123,
            function_arn: "arn".into(),
            client_context: None,
            cognito_identity: Some("{}".into()),
            trace_id: "Root=1".into(),
        };
        let mut out = Vec::new();
        encode_event(&mut out, &event);
        let mut expected = Vec::new();
        expected.extend_from_slice(&1_700_000_000_123u64.to_le_bytes());
        for text in ["rid", "total", "arn", "Root=1", "", "{}"] {
            expected.extend_from_slice(&(text.len() as u32).to_le_bytes());
            expected.extend_from_slice(text.as_bytes());
        }
        expected.extend_from_slice(br#"{"a":1}"#);
        assert_eq!(out[..4], (expected.len() as u32).to_le_bytes());
        assert_eq!(out[4..], expected[..]);
    }

    #[test]
    fn replies_are_cut_out_of_partial_reads() {
        let mut bytes = reply_frame(0, "a", br#"{"ok":true}"#);
        let mut error = vec![];
        error.extend_from_slice(&4u32.to_le_bytes());
        error.extend_from_slice(b"Boom");
        error.extend_from_slice(b"it broke");
        bytes.extend(reply_frame(1, "b", &error));
        let mut replies = Replies::default();
        let mut seen = Vec::new();
        // One byte at a time: every split point of both frames.
        for byte in bytes {
            replies.buffer().push(byte);
            while let Some(reply) = replies.next_reply().unwrap() {
                seen.push(reply);
            }
        }
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[0].id, "a");
        assert_eq!(seen[0].outcome, Outcome::Response(br#"{"ok":true}"#.to_vec()));
        assert_eq!(seen[1].id, "b");
        assert_eq!(seen[1].outcome, Outcome::Error(FunctionError::new("Boom", "it broke")));
    }

    #[test]
    fn an_answer_over_the_payload_limit_fails_its_invocation() {
        let mut replies = Replies::default();
        replies.buffer().extend(reply_frame(0, "big", &vec![b' '; MAX_PAYLOAD_BYTES + 1]));
        let reply = replies.next_reply().unwrap().unwrap();
        assert!(matches!(reply.outcome, Outcome::Error(e) if e.error_type == "Function.ResponseSizeTooLarge"));
    }

    #[test]
    fn malformed_replies_are_errors() {
        let mut replies = Replies::default();
        replies.buffer().extend(reply_frame(7, "x", b""));
        assert!(replies.next_reply().is_err());
        let mut replies = Replies::default();
        replies.buffer().extend((u32::MAX).to_le_bytes());
        assert!(replies.next_reply().is_err());
        let mut replies = Replies::default();
        replies.buffer().extend([3, 0, 0, 0, 0, 9, 0]);
        assert!(replies.next_reply().is_err());
    }
}
