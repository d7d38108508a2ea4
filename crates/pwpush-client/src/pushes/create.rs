//! Creating a text, URL or QR push.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;

use api_core::SecretString;

use super::options::{PushOptions, finish, push_option_setters};
use crate::context::Context;
use crate::created::CreatedPush;
use crate::error::Error;
use crate::generated::models::PushKind;

const OPERATION: &str = "createPush";

/// The kinds of push that carry a text payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TextKind {
    Text,
    Url,
    Qr,
}

/// Builder of a text, URL or QR push; `.await` checks the input, sends it and returns the
/// [`CreatedPush`]. From [`Pushes::create_text`](crate::Pushes::create_text),
/// [`create_url`](crate::Pushes::create_url) or [`create_qr`](crate::Pushes::create_qr).
///
/// ```no_run
/// # async fn demo(client: pwpush_client::Client) -> Result<(), pwpush_client::Error> {
/// let push = client
///     .pushes()
///     .create_text("correct horse battery staple")
///     .expire_after_days(2)
///     .expire_after_views(5)
///     .passphrase("blue")
///     .note("for the new hire")
///     .await?;
/// println!("{}", push.secret_link());
/// # Ok(())
/// # }
/// ```
#[must_use = "a create builder does nothing until awaited"]
#[derive(Debug)]
pub struct CreatePush {
    context: Arc<Context>,
    kind: TextKind,
    payload: SecretString,
    options: PushOptions,
}

impl CreatePush {
    pub(crate) fn new(context: Arc<Context>, kind: TextKind, payload: SecretString) -> Self {
        Self {
            context,
            kind,
            payload,
            options: PushOptions::default(),
        }
    }

    push_option_setters!();

    /// Checks the input, sends it, and compares the expiry the server applied with the request.
    pub async fn send(self) -> Result<CreatedPush, Error> {
        let limits = self.context.limits();
        let payload = self.payload.expose_secret();
        let checked = match self.kind {
            TextKind::Text => limits.check_text(payload),
            TextKind::Url => limits.check_url(payload),
            TextKind::Qr => limits.check_qr(payload),
        };
        checked.map_err(|message| Error::invalid(OPERATION, message))?;
        let plan = self.options.plan(&self.context, OPERATION).await?;
        let kind = match self.kind {
            TextKind::Text => None,
            TextKind::Url => Some(PushKind::Url),
            TextKind::Qr => Some(PushKind::Qr),
        };
        let push = plan.dialect.create(self.payload, kind, plan.fields).await?;
        finish(
            self.context.strict_expiry(),
            OPERATION,
            &plan.requested,
            push,
        )
    }
}

impl IntoFuture for CreatePush {
    type Output = Result<CreatedPush, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

#[cfg(test)]
mod tests {
    use std::future::IntoFuture;

    use crate::{ApiVersion, Client, Edition};

    /// `.await` on the builder boxes its state; under 1 KiB, glibc serves the box from its
    /// per-thread cache in tens of instructions rather than hundreds (docs/benchmarks.md,
    /// "Instructions per call"). The transport's part of the call is a box of its own.
    #[tokio::test]
    async fn awaiting_a_create_builder_boxes_a_small_state() {
        let client = Client::builder()
            .base_url("http://127.0.0.1:9")
            .bearer_token("token")
            .api_version(ApiVersion::V2)
            .edition(Edition::Oss)
            .build()
            .unwrap();
        let call = client
            .pushes()
            .create_text("payload")
            .expire_after_days(2)
            .expire_after_views(5)
            .into_future();
        let state = std::mem::size_of_val(&*call);
        assert!(
            state <= 1024,
            "the create builder's box holds {state} bytes"
        );
    }
}
