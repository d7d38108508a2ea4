//! A real `redis-server` on a free loopback port, for the tests and benchmarks of the shared rate
//! limiter. Redis is never mocked: the limiter's correctness is the script's atomicity in Redis.
//!
//! The server keeps nothing on disk (`--save ''`, `--appendonly no`), listens on 127.0.0.1 only,
//! and is killed when the handle is dropped.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The command that installs Redis on the Debian machines this project builds on.
pub const INSTALL_HINT: &str = "apt-get update && apt-get install -y redis-server";

/// How long a fresh server may take to answer its first PING on a loaded machine.
const START_TIMEOUT: Duration = Duration::from_secs(20);

/// A running `redis-server`, stopped on drop.
#[derive(Debug)]
pub struct RedisServer {
    child: Option<Child>,
    address: SocketAddr,
}

/// Why no server could be started.
#[derive(Debug)]
pub struct StartError(String);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StartError {}

impl RedisServer {
    /// Starts a server and waits until it answers PING.
    ///
    /// Fails (never skips) when `redis-server` is not installed, naming the install command.
    pub fn start() -> Result<Self, StartError> {
        // Another process may take the port between this probe and the server's bind; then the
        // server exits and the next try gets another port.
        let mut last = String::new();
        for _ in 0..5 {
            let port = free_port()?;
            match Self::start_on(port) {
                Ok(server) => return Ok(server),
                Err(StartError(why)) if why.contains("not installed") => {
                    return Err(StartError(why));
                }
                Err(StartError(why)) => last = why,
            }
        }
        Err(StartError(last))
    }

    fn start_on(port: u16) -> Result<Self, StartError> {
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string()])
            .args(["--bind", "127.0.0.1"])
            .args(["--save", ""])
            .args(["--appendonly", "no"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                StartError(if e.kind() == std::io::ErrorKind::NotFound {
                    format!("redis-server is not installed; install it with `{INSTALL_HINT}`")
                } else {
                    format!("could not start redis-server: {e}")
                })
            })?;
        let mut server = Self {
            child: Some(child),
            address: SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
        };
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if server.ping() {
                return Ok(server);
            }
            if let Some(child) = server.child.as_mut()
                && let Ok(Some(status)) = child.try_wait()
            {
                return Err(StartError(format!(
                    "redis-server on port {port} exited at start ({status})"
                )));
            }
            if Instant::now() >= deadline {
                return Err(StartError(format!(
                    "redis-server on port {port} did not answer within {START_TIMEOUT:?}"
                )));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// `redis://127.0.0.1:<port>/`.
    pub fn url(&self) -> String {
        format!("redis://{}/", self.address)
    }

    /// Kills the server at once (SIGKILL), as a crash would, and waits for it to be gone.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Whether the server answers PING now.
    pub fn ping(&self) -> bool {
        let Ok(mut stream) = TcpStream::connect_timeout(&self.address, Duration::from_millis(200))
        else {
            return false;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
        if stream.write_all(b"PING\r\n").is_err() {
            return false;
        }
        let mut reply = [0u8; 7];
        stream.read_exact(&mut reply).is_ok() && &reply == b"+PONG\r\n"
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
    }
}

fn free_port() -> Result<u16, StartError> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .map_err(|e| StartError(format!("no free loopback port: {e}")))
}
