//! The serve-all process's side of the frame protocol with `lambdaform local` (the dev server's side is
//! `lambdaform_codegen::runtime_api::frames`; docs/local.md describes both). Integers are little-endian;
//! a string is a `u32` length and its UTF-8 bytes.
//!
//! - event, dev server to process: `u32` length of the rest, `u64` deadline (ms since the epoch), then the
//!   strings request id, function, invoked function ARN, X-Ray trace id, client context, Cognito identity
//!   (an empty one is absent), then the payload (the rest of the frame).
//! - reply, process to dev server: `u32` length of the rest, `u8` 0 (response) or 1 (error), the request
//!   id, then the response body (the rest) or the error type as a string and the error message (the rest).

use std::io::{Error, ErrorKind};

use lambda_runtime::Diagnostic;
use serde_json::value::RawValue;

use super::framing::{begin_frame, end_frame, put_string, split_string, FrameBuffer};

/// A frame larger than this is not from the dev server (its payloads stop at Lambda's 6 MiB).
const MAX_FRAME: usize = 16 * 1024 * 1024;

pub(super) struct Event {
    pub id: String,
    pub function: String,
    pub deadline_ms: u64,
    pub function_arn: String,
    pub trace_id: String,
    pub client_context: String,
    pub cognito_identity: String,
    pub payload: Vec<u8>,
}

/// The next complete event in `frames`, if the bytes read so far hold one.
pub(super) fn next_event(frames: &mut FrameBuffer) -> Result<Option<Event>, Error> {
    match frames.next_frame(MAX_FRAME) {
        Ok(Some(frame)) => decode_event(frame).map(Some),
        Ok(None) => Ok(None),
        Err(length) => Err(invalid(format!("an event frame of {length} bytes"))),
    }
}

fn decode_event(frame: &[u8]) -> Result<Event, Error> {
    let mut cursor = Cursor(frame);
    let deadline_ms = u64::from_le_bytes(cursor.take(8)?.try_into().map_err(|_| invalid("a deadline".into()))?);
    Ok(Event {
        deadline_ms,
        id: cursor.string()?,
        function: cursor.string()?,
        function_arn: cursor.string()?,
        trace_id: cursor.string()?,
        client_context: cursor.string()?,
        cognito_identity: cursor.string()?,
        payload: cursor.0.to_vec(),
    })
}

struct Cursor<'a>(&'a [u8]);

impl Cursor<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], Error> {
        if self.0.len() < n {
            return Err(truncated());
        }
        let (taken, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(taken)
    }

    fn string(&mut self) -> Result<String, Error> {
        let (text, rest) = split_string(self.0).ok_or_else(truncated)?;
        self.0 = rest;
        String::from_utf8(text.to_vec()).map_err(|_| invalid("a string that is not UTF-8".into()))
    }
}

fn truncated() -> Error {
    invalid("a truncated event frame".into())
}

fn invalid(what: String) -> Error {
    Error::new(ErrorKind::InvalidData, format!("{what} from the dev server"))
}

/// Appends the reply to `id` to `out`.
pub(super) fn encode_reply(out: &mut Vec<u8>, id: &str, reply: &Result<Box<RawValue>, Diagnostic>) {
    let body = begin_frame(out);
    match reply {
        Ok(response) => {
            out.push(0);
            put_string(out, id);
            out.extend_from_slice(response.get().as_bytes());
        }
        Err(error) => {
            out.push(1);
            put_string(out, id);
            put_string(out, &error.error_type);
            out.extend_from_slice(error.error_message.as_bytes());
        }
    }
    end_frame(out, body);
}
