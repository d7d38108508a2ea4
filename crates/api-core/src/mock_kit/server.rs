//! Serving a mock's router on loopback until the last handle goes.

use std::net::{Ipv4Addr, SocketAddr};

use axum::Router;
use tokio::sync::oneshot;

/// A mock's router served on `127.0.0.1` at a free port, inside the current tokio runtime.
/// Dropping it stops the server; a mock keeps it behind the `Arc` its handles share, so the
/// server stops when the last handle is dropped.
#[derive(Debug)]
pub struct RunningServer {
    address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
}

impl RunningServer {
    /// Binds a free port of `127.0.0.1` and serves `router` there. Fails only when no port can
    /// be bound.
    pub async fn start(router: Router) -> std::io::Result<Self> {
        Self::start_with(|_| router).await
    }

    /// Like [`start`](Self::start), for a mock whose answers name its own URL: binds the port
    /// first, then builds the router from the base URL (`http://127.0.0.1:<port>`).
    pub async fn start_with(make_router: impl FnOnce(&str) -> Router) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let address = listener.local_addr()?;
        let router = make_router(&format!("http://{address}"));
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(async move {
            // Either a send or the sender being dropped ends the server; open connections
            // finish their request and close.
            let shutdown = async {
                let _ = stopped.await;
            };
            if let Err(error) = axum::serve(listener, router)
                .with_graceful_shutdown(shutdown)
                .await
            {
                tracing::debug!(%error, "mock server stopped with an error");
            }
        });
        Ok(Self {
            address,
            stop: Some(stop),
        })
    }

    /// The socket the server listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            // The server may already be gone with its runtime; then there is nothing to stop.
            let _ = stop.send(());
        }
    }
}
