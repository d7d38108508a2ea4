//! A minimal loopback server that answers every GET with one fixed body and every POST with
//! another: the same server, doing the same (tiny) work, for the SDK and the hand-written client.
//! An optional delay per answer stands in for a server that does some work.
//! It runs on a runtime of its own, so the client under test does not share its worker threads.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{Method, StatusCode, header};
use axum::response::Response;
use tokio::sync::oneshot;

use crate::BenchResult;
use crate::samples::Samples;

/// The running server; stops (and joins its thread) when dropped.
#[derive(Debug)]
pub struct FixedServer {
    base_url: String,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FixedServer {
    /// Starts serving `samples` on `127.0.0.1` at a free port, with `workers` threads, each
    /// answer sent after `delay` (zero: at once).
    pub fn start(samples: Samples, workers: usize, delay: Duration) -> BenchResult<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(workers.max(1))
            .enable_all()
            .build()?;
        // Bound here, outside any runtime, so that `start` may be called from async code.
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
        listener.set_nonblocking(true)?;
        let address: SocketAddr = listener.local_addr()?;
        let created_status = StatusCode::from_u16(samples.created_status)?;
        let app = Router::new().fallback(move |request: Request| {
            let samples = samples.clone();
            async move {
                if !delay.is_zero() {
                    tokio::time::sleep(delay).await;
                }
                answer(&samples, created_status, request.method())
            }
        });
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            runtime.block_on(async move {
                let listener = match tokio::net::TcpListener::from_std(listener) {
                    Ok(listener) => listener,
                    Err(error) => {
                        eprintln!("fixed server could not listen: {error}");
                        return;
                    }
                };
                let serving = axum::serve(listener, app).with_graceful_shutdown(async move {
                    let _ = stopped.await;
                });
                if let Err(error) = serving.await {
                    eprintln!("fixed server stopped: {error}");
                }
            });
        });
        Ok(FixedServer {
            base_url: format!("http://{address}"),
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }
}

fn answer(samples: &Samples, created_status: StatusCode, method: &Method) -> Response {
    let (status, body) = if method == Method::POST {
        (created_status, samples.created_push.clone())
    } else {
        (StatusCode::OK, samples.account_page.clone())
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    response
}

impl Drop for FixedServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
