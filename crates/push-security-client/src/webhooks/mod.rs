//! Verifying and decoding Push Security webhook deliveries (feature `webhooks`).
//!
//! Push signs every delivery with an `X-Signature: t=<unix seconds>,v1=<hex>` header, where the
//! hex value is HMAC-SHA256, keyed with the webhook's signing secret, over `<t>.<raw body>`.
//! [`WebhookVerifier`] checks that header against the raw bytes of the body (before any JSON
//! parsing), rejects deliveries outside a tolerance window, and decodes the [`WebhookEvent`]
//! envelope. Every failure is a [`WebhookError`]; nothing here panics on hostile input.
//!
//! ```
//! use push_security_client::webhooks::{EventCategory, WebhookVerifier};
//!
//! # fn main() -> Result<(), push_security_client::webhooks::WebhookError> {
//! let verifier = WebhookVerifier::new("psws_example_secret");
//! let body = br#"{"version":"1","id":"evt-1","timestamp":1700000000,"category":"ENTITY",
//!                 "type":"CREATE","object":"ACCOUNT","new":{"id":"acc-1"},"old":null}"#;
//! // In a real receiver the header comes from the request; here it is signed locally.
//! let header = verifier.signature_header(time::OffsetDateTime::now_utc().unix_timestamp(), body)?;
//! let event = verifier.verify_event(&header, body)?;
//! assert_eq!(event.category, EventCategory::Entity);
//! # Ok(())
//! # }
//! ```

mod error;
mod event;
mod kinds;
mod signature;
mod verifier;

pub use error::WebhookError;
pub use event::{Actor, WebhookEvent};
pub use kinds::{ActorRole, EventCategory, EventObject, EventType};
pub use signature::SignatureHeader;
pub use verifier::{DEFAULT_TOLERANCE, SIGNATURE_HEADER, WebhookVerifier};
