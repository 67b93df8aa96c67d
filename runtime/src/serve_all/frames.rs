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

/// Bytes read from the socket, cut into events.
#[derive(Default)]
pub(super) struct Frames {
    buffer: Vec<u8>,
    /// Where the first event not yet taken starts.
    start: usize,
}

impl Frames {
    /// The buffer to read more bytes into, with room for them.
    pub fn buffer(&mut self) -> &mut Vec<u8> {
        if self.start > 0 {
            self.buffer.drain(..self.start);
            self.start = 0;
        }
        self.buffer.reserve(64 * 1024);
        &mut self.buffer
    }

    /// The next complete event, if the bytes read so far hold one.
    pub fn next_event(&mut self) -> Result<Option<Event>, Error> {
        let available = &self.buffer[self.start..];
        let Some(length) = available.get(..4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize) else {
            return Ok(None);
        };
        if length > MAX_FRAME {
            return Err(invalid(format!("an event frame of {length} bytes")));
        }
        let Some(frame) = available.get(4..4 + length) else {
            return Ok(None);
        };
        let event = decode_event(frame)?;
        self.start += 4 + length;
        if self.start == self.buffer.len() {
            self.buffer.clear();
            self.start = 0;
        }
        Ok(Some(event))
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
            return Err(invalid("a truncated event frame".into()));
        }
        let (taken, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(taken)
    }

    fn string(&mut self) -> Result<String, Error> {
        let length = self.take(4)?;
        let length = u32::from_le_bytes([length[0], length[1], length[2], length[3]]) as usize;
        let bytes = self.take(length)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| invalid("a string that is not UTF-8".into()))
    }
}

fn invalid(what: String) -> Error {
    Error::new(ErrorKind::InvalidData, format!("{what} from the dev server"))
}

/// Appends the reply to `id` to `out`.
pub(super) fn encode_reply(out: &mut Vec<u8>, id: &str, reply: &Result<Box<RawValue>, Diagnostic>) {
    let at = out.len();
    out.extend_from_slice(&[0; 4]);
    match reply {
        Ok(body) => {
            out.push(0);
            put_string(out, id);
            out.extend_from_slice(body.get().as_bytes());
        }
        Err(error) => {
            out.push(1);
            put_string(out, id);
            put_string(out, &error.error_type);
            out.extend_from_slice(error.error_message.as_bytes());
        }
    }
    let length = (out.len() - at - 4) as u32;
    out[at..at + 4].copy_from_slice(&length.to_le_bytes());
}

fn put_string(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(&(text.len() as u32).to_le_bytes());
    out.extend_from_slice(text.as_bytes());
}
