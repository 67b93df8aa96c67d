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
use lambdaform::__private::framing::{begin_frame, end_frame, put_string, split_string, FrameBuffer};
use std::io::{Error, ErrorKind};

/// Replies past this are not a serve-all process's: it answers at most a little over the payload limit
/// (an over-limit answer still arrives whole, to fail its invocation as Lambda does).
const MAX_FRAME: usize = 64 * 1024 * 1024;

/// Appends `event` to `out`.
pub(crate) fn encode_event(out: &mut Vec<u8>, event: &Event) {
    let body = begin_frame(out);
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
        put_string(out, text);
    }
    out.extend_from_slice(&event.payload);
    end_frame(out, body);
}

/// One answer of the process.
pub(crate) struct Reply {
    pub id: String,
    pub outcome: Outcome,
}

/// The next complete reply in `frames`, if the bytes read so far hold one.
pub(crate) fn next_reply(frames: &mut FrameBuffer) -> Result<Option<Reply>, Error> {
    match frames.next_frame(MAX_FRAME) {
        Ok(Some(frame)) => decode_reply(frame).map(Some),
        Ok(None) => Ok(None),
        Err(length) => Err(invalid(format!("a reply frame of {length} bytes"))),
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
    let (text, rest) = split_string(bytes).ok_or_else(|| invalid("a truncated reply frame".into()))?;
    let text = String::from_utf8(text.to_vec()).map_err(|_| invalid("a string that is not UTF-8".into()))?;
    Ok((text, rest))
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
        let mut replies = FrameBuffer::default();
        let mut seen = Vec::new();
        // One byte at a time: every split point of both frames.
        for byte in bytes {
            replies.buffer().push(byte);
            while let Some(reply) = next_reply(&mut replies).unwrap() {
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
        let mut replies = FrameBuffer::default();
        replies.buffer().extend(reply_frame(0, "big", &vec![b' '; MAX_PAYLOAD_BYTES + 1]));
        let reply = next_reply(&mut replies).unwrap().unwrap();
        assert!(matches!(reply.outcome, Outcome::Error(e) if e.error_type == "Function.ResponseSizeTooLarge"));
    }

    #[test]
    fn malformed_replies_are_errors() {
        let mut replies = FrameBuffer::default();
        replies.buffer().extend(reply_frame(7, "x", b""));
        assert!(next_reply(&mut replies).is_err());
        let mut replies = FrameBuffer::default();
        replies.buffer().extend((u32::MAX).to_le_bytes());
        assert!(next_reply(&mut replies).is_err());
        let mut replies = FrameBuffer::default();
        replies.buffer().extend([3, 0, 0, 0, 0, 9, 0]);
        assert!(next_reply(&mut replies).is_err());
    }
}
