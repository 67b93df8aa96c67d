//! `RuntimeApi`: one emulated function instance listening on 127.0.0.1, and the caller's `invoke`.

use super::error::InvokeError;
use super::invoke::{Invocation, InvokeRequest};
use super::routes;
use super::socket::{self, SocketFile};
use super::state::{Done, Shared, MAX_PAYLOAD_BYTES};
use hyper::header::HeaderValue;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// One emulated function instance: a single concurrency slot serving invocations in FIFO order, like one
/// Lambda sandbox. Point a runtime at it with `AWS_LAMBDA_RUNTIME_API` = [`RuntimeApi::address`].
pub struct RuntimeApi {
    address: SocketAddr,
    pub(crate) shared: Arc<Shared>,
    acceptor: JoinHandle<()>,
    /// A multiplexed sandbox's socket and the task accepting on it.
    socket: Option<(SocketFile, JoinHandle<()>)>,
}

impl RuntimeApi {
    /// Listens on an ephemeral port of 127.0.0.1.
    pub async fn start() -> std::io::Result<RuntimeApi> {
        RuntimeApi::listen(1, false).await
    }

    /// A sandbox whose runtime takes up to `concurrency` events at once: the service binary in serve-all
    /// mode (`LAMBDAFORM_SERVE_ALL=1`), each event naming its function ([`InvokeRequest::with_function`]).
    /// Besides the HTTP routes it serves events as frames on a Unix socket ([`RuntimeApi::socket`]), which
    /// is how a serve-all process takes them. A timed-out invocation does not reset it; see `RUNTIME_API.md`.
    pub async fn start_multiplexed(concurrency: usize) -> std::io::Result<RuntimeApi> {
        RuntimeApi::listen(concurrency, true).await
    }

    async fn listen(concurrency: usize, with_socket: bool) -> std::io::Result<RuntimeApi> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let address = listener.local_addr()?;
        let shared = Arc::new(Shared::new(concurrency));
        let socket = if with_socket {
            let (file, listener) = SocketFile::bind()?;
            Some((file, tokio::spawn(socket::accept(listener, shared.clone()))))
        } else {
            None
        };
        let acceptor = tokio::spawn(accept(listener, shared.clone()));
        Ok(RuntimeApi { address, shared, acceptor, socket })
    }

    /// The value for `AWS_LAMBDA_RUNTIME_API` (`127.0.0.1:PORT`).
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// A multiplexed sandbox's Unix socket, for [`super::SOCKET_ENV`].
    pub fn socket(&self) -> Option<&Path> {
        self.socket.as_ref().map(|(file, _)| file.path())
    }

    /// Queues an invocation and waits for its outcome. The timeout runs from the moment the runtime takes
    /// the event; on expiry the attached [`super::FunctionProcess`] is killed and restarted.
    pub async fn invoke(&self, request: InvokeRequest) -> Result<Invocation, InvokeError> {
        validate(&request)?;
        let timeout = request.timeout;
        let ticket = self.shared.enqueue(request)?;
        let _abandon = Abandon { shared: &self.shared, id: &ticket.id };
        let mut done = ticket.done;
        tokio::select! {
            biased;
            finished = &mut done => return finished_or_shutdown(finished),
            // A failure before delivery drops the sender after answering on `done`.
            _ = ticket.delivered => {}
        }
        match tokio::time::timeout(timeout, &mut done).await {
            Ok(finished) => finished_or_shutdown(finished),
            Err(_) if self.shared.abandon(&ticket.id) => Err(InvokeError::Timeout(timeout)),
            // The answer arrived as the timer fired.
            Err(_) => finished_or_shutdown(done.await),
        }
    }

    /// Fails waiting invocations, stops an attached process and closes every connection.
    pub async fn shutdown(self) {
        self.shared.close();
        self.acceptor.abort();
        let mut this = self;
        // The acceptors only end by being aborted; their results carry nothing.
        let _ = (&mut this.acceptor).await;
        if let Some((_, acceptor)) = &mut this.socket {
            acceptor.abort();
            let _ = acceptor.await;
        }
    }
}

impl Drop for RuntimeApi {
    fn drop(&mut self) {
        self.shared.close();
        self.acceptor.abort();
        if let Some((_, acceptor)) = &self.socket {
            acceptor.abort();
        }
    }
}

/// Frees the slot when `invoke` ends early (timeout or a cancelled caller) while its event is in flight.
struct Abandon<'a> {
    shared: &'a Shared,
    id: &'a str,
}

impl Drop for Abandon<'_> {
    fn drop(&mut self) {
        self.shared.abandon(self.id);
    }
}

fn finished_or_shutdown(finished: Result<Done, oneshot::error::RecvError>) -> Done {
    finished.unwrap_or(Err(InvokeError::Shutdown))
}

fn validate(request: &InvokeRequest) -> Result<(), InvokeError> {
    if request.payload.len() > MAX_PAYLOAD_BYTES {
        return Err(InvokeError::PayloadTooLarge { size: request.payload.len(), limit: MAX_PAYLOAD_BYTES });
    }
    let headers = [
        ("function", request.function.as_ref()),
        ("function_arn", Some(&request.function_arn)),
        ("client_context", request.client_context.as_ref()),
        ("cognito_identity", request.cognito_identity.as_ref()),
        ("trace_id", request.trace_id.as_ref()),
    ];
    for (field, value) in headers {
        if let Some(value) = value {
            if HeaderValue::from_str(value).is_err() {
                return Err(InvokeError::InvalidRequest(format!(
                    "{field} must be visible ASCII without line breaks to travel in a Runtime API header"
                )));
            }
        }
    }
    Ok(())
}

async fn accept(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                tokio::spawn(serve(stream, shared.clone()));
            }
            // Out of file descriptors or a connection reset before accept: back off briefly, keep serving.
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(10)).await,
        }
    }
}

async fn serve(stream: TcpStream, shared: Arc<Shared>) {
    // Small request/response pairs: without this, Nagle's algorithm adds delayed-ACK stalls.
    let _ = stream.set_nodelay(true);
    let mut epoch = shared.epoch();
    let service = service_fn(move |request| routes::handle(shared.clone(), request));
    let connection = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        // A failed connection concerns only the runtime that opened it.
        _ = connection => {}
        _ = epoch.changed() => {}
    }
}
