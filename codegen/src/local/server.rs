//! The dev server: one port on 127.0.0.1 serving the service's `#[http]` routes as API Gateway does, the
//! AWS endpoints its handlers call (`AWS_ENDPOINT_URL` points here), and the `/_lambdaform/` admin routes.

use super::app::App;
use super::{admin, aws, gateway};
use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub type Reply = Response<Full<Bytes>>;

/// A listening dev server.
pub struct DevServer {
    address: SocketAddr,
    stop: watch::Sender<bool>,
    acceptor: JoinHandle<()>,
}

impl DevServer {
    /// Serves `app` on a listener bound beforehand (the handlers' environment needs its port).
    pub fn serve(listener: TcpListener, app: Arc<App>) -> std::io::Result<DevServer> {
        let address = listener.local_addr()?;
        let (stop, stopped) = watch::channel(false);
        let acceptor = tokio::spawn(accept(listener, app, stopped));
        Ok(DevServer { address, stop, acceptor })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Stops accepting and closes open connections.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        self.acceptor.abort();
        // The acceptor only ends by being aborted; its result carries nothing.
        let _ = self.acceptor.await;
    }
}

async fn accept(listener: TcpListener, app: Arc<App>, stopped: watch::Receiver<bool>) {
    loop {
        match listener.accept().await {
            Ok((stream, peer)) => {
                tokio::spawn(connection(stream, peer, app.clone(), stopped.clone()));
            }
            // Out of file descriptors or a reset before accept: back off briefly, keep serving.
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(10)).await,
        }
    }
}

async fn connection(stream: TcpStream, peer: SocketAddr, app: Arc<App>, mut stopped: watch::Receiver<bool>) {
    let _ = stream.set_nodelay(true);
    let service = service_fn(move |request| route(app.clone(), peer, request));
    let connection = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        // A failed connection concerns only its client.
        _ = connection => {}
        _ = stopped.changed() => {}
    }
}

async fn route(app: Arc<App>, peer: SocketAddr, request: Request<Incoming>) -> Result<Reply, Infallible> {
    let reply = if request.uri().path().starts_with(admin::PREFIX) {
        admin::handle(&app, request).await
    } else if let Some(service) = aws::signing_service(request.headers()) {
        aws::handle(&app, &service, request).await
    } else {
        gateway::handle(&app, peer, request).await
    };
    Ok(reply)
}
