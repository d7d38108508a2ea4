//! Creating a file push (multipart upload; needs a token).

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;

use api_core::{Bytes, SecretString};

use super::options::{PushOptions, finish, push_option_setters};
use crate::context::Context;
use crate::created::CreatedPush;
use crate::error::Error;
use crate::generated::models::FilePart;

const OPERATION: &str = "createFilePush";

/// Builder of a file push; add files with [`file`](Self::file), then `.await`. Files travel as
/// `multipart/form-data` (`file_push[files][]` on v1, `push[files][]` on v2). A file push needs an
/// authenticated client; at most 10 files (configurable with [`Limits`](crate::Limits)).
///
/// ```no_run
/// # async fn demo(client: pwpush_client::Client) -> Result<(), pwpush_client::Error> {
/// let push = client
///     .pushes()
///     .create_file()
///     .file("id_ed25519", std::fs::read("/tmp/id_ed25519").unwrap_or_default())
///     .payload("the key for the build server")
///     .expire_after_views(1)
///     .await?;
/// println!("{}", push.secret_link());
/// # Ok(())
/// # }
/// ```
#[must_use = "a create builder does nothing until awaited"]
#[derive(Debug)]
pub struct CreateFilePush {
    context: Arc<Context>,
    files: Vec<FilePart>,
    payload: Option<SecretString>,
    options: PushOptions,
}

impl CreateFilePush {
    pub(crate) fn new(context: Arc<Context>) -> Self {
        Self {
            context,
            files: Vec::new(),
            payload: None,
            options: PushOptions::default(),
        }
    }

    /// Attaches a file; the server guesses its content type.
    pub fn file(mut self, file_name: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        self.files.push(FilePart::new(file_name, bytes));
        self
    }

    /// Attaches a file with an explicit content type.
    pub fn file_with_type(
        mut self,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        bytes: impl Into<Bytes>,
    ) -> Self {
        self.files
            .push(FilePart::new(file_name, bytes).content_type(content_type));
        self
    }

    /// A text to send along with the files.
    pub fn payload(mut self, payload: impl Into<SecretString>) -> Self {
        self.payload = Some(payload.into());
        self
    }

    push_option_setters!();

    /// Checks the input, uploads the files, and compares the expiry the server applied.
    pub async fn send(self) -> Result<CreatedPush, Error> {
        if !self.context.is_authenticated() {
            return Err(Error::invalid(
                OPERATION,
                "file pushes need an API token; this client is anonymous",
            ));
        }
        let limits = self.context.limits();
        limits
            .check_files(self.files.len())
            .map_err(|m| Error::invalid(OPERATION, m))?;
        if let Some(payload) = &self.payload {
            limits
                .check_text(payload.expose_secret())
                .map_err(|m| Error::invalid(OPERATION, m))?;
        }
        let plan = self.options.plan(&self.context, OPERATION).await?;
        let push = plan
            .dialect
            .create_file(self.files, self.payload, plan.fields)
            .await?;
        finish(
            self.context.strict_expiry(),
            OPERATION,
            &plan.requested,
            push,
        )
    }
}

impl IntoFuture for CreateFilePush {
    type Output = Result<CreatedPush, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
