//! The parts every mock service of the workspace shares (feature `mock-kit`): one [`Fault`] type,
//! the fault-injection step each mock's router runs ([`MockKit::layer`]), the request recorder
//! ([`RecordedRequest`], credentials redacted), the controllable [`MockClock`] and the loopback
//! server ([`RunningServer`]).
//!
//! Users meet these through a client crate's `mock` module, which re-exports [`Fault`] and
//! [`RecordedRequest`]; what is specific to a service (its routes, its error bodies through
//! [`FaultAnswers`], its own chaos settings) stays in that crate.

mod answer;
mod clock;
mod fault;
mod kit;
mod layer;
mod record;
mod server;

pub use answer::{FaultAnswers, serve_fault};
pub use clock::MockClock;
pub use fault::Fault;
pub use kit::MockKit;
pub use record::{REDACTED, RecordedRequest};
pub use server::RunningServer;
