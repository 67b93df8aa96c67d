//! The multiplexed emulator's Unix socket: a serve-all process connects, takes events as frames (up to the
//! sandbox's concurrency unanswered at once) and sends its answers back as frames (see [`super::frames`]).
//! The same queue, timeouts and REPORT figures as the HTTP routes; one write per batch of frames instead of
//! two HTTP exchanges per invocation.

use super::frames::{encode_event, next_reply};
use super::state::Shared;
use lambdaform::__private::framing::FrameBuffer;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::unix::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{UnixListener, UnixStream};
use tokio::sync::Semaphore;

/// The variable that tells a serve-all process where to connect.
pub use lambdaform::__private::framing::SOCKET_ENV;

/// A listening socket file in the temporary directory, removed when dropped.
pub(crate) struct SocketFile {
    path: PathBuf,
}

impl SocketFile {
    pub fn bind() -> std::io::Result<(SocketFile, UnixListener)> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let name = format!("lambdaform-{}-{}.sock", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        let path = std::env::temp_dir().join(name);
        // A file left by an earlier process with the same pid would make the bind fail.
        let _ = std::fs::remove_file(&path);
        let listener = UnixListener::bind(&path)?;
        Ok((SocketFile { path }, listener))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for SocketFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

pub(crate) async fn accept(listener: UnixListener, shared: Arc<Shared>) {
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                tokio::spawn(serve(stream, shared.clone()));
            }
            // Out of file descriptors: back off briefly, keep serving.
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(10)).await,
        }
    }
}

/// One process's connection, until it closes, breaks the protocol, or its sandbox ends.
async fn serve(stream: UnixStream, shared: Arc<Shared>) {
    let mut epoch = shared.epoch();
    let (reader, writer) = stream.into_split();
    let slots = Semaphore::new(shared.capacity());
    // Separate halves: the process may be writing answers while events wait to be written to it.
    tokio::select! {
        _ = send_events(writer, &shared, &slots) => {}
        _ = receive_replies(reader, &shared, &slots) => {}
        _ = epoch.changed() => {}
    }
}

async fn send_events(mut writer: OwnedWriteHalf, shared: &Shared, slots: &Semaphore) -> std::io::Result<()> {
    let mut out = Vec::new();
    loop {
        // A slot is given back when the process answers, so it never holds more than its concurrency.
        slots.acquire().await.map_err(std::io::Error::other)?.forget();
        let Ok(event) = shared.next_event().await else {
            // Shut down: the process sees its socket close and exits.
            return Ok(());
        };
        encode_event(&mut out, &event);
        // Events already queued leave in the same write.
        while let Ok(slot) = slots.try_acquire() {
            match shared.try_next_event() {
                Some(Ok(event)) => {
                    slot.forget();
                    encode_event(&mut out, &event);
                }
                _ => break,
            }
        }
        writer.write_all(&out).await?;
        out.clear();
    }
}

async fn receive_replies(mut reader: OwnedReadHalf, shared: &Shared, slots: &Semaphore) -> std::io::Result<()> {
    let mut replies = FrameBuffer::default();
    loop {
        if reader.read_buf(replies.buffer()).await? == 0 {
            return Ok(());
        }
        while let Some(reply) = next_reply(&mut replies)? {
            slots.add_permits(1);
            // A late answer to an abandoned (timed-out) invocation is dropped, as the HTTP route refuses it.
            let _ = shared.complete(&reply.id, reply.outcome);
        }
    }
}
