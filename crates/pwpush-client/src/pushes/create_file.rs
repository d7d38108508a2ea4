//! Creating a file push (multipart upload; needs a token).

use std::future::{Future, IntoFuture};
use std::pin::Pin;

use api_core::{Bytes, SecretString};

use super::options::{PushOptions, finish, push_option_setters};
use crate::client::Client;
use crate::created::CreatedPush;
use crate::error::Error;
use crate::generated::models::FilePart;
use crate::server_info::ApiVersion;

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
    client: Client,
    files: Vec<FilePart>,
    payload: Option<SecretString>,
    options: PushOptions,
}

impl CreateFilePush {
    pub(crate) fn new(client: Client) -> Self {
        Self {
            client,
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
        if !self.client.is_authenticated() {
            return Err(Error::invalid(
                OPERATION,
                "file pushes need an API token; this client is anonymous",
            ));
        }
        let limits = self.client.limits();
        limits
            .check_files(self.files.len())
            .map_err(|m| Error::invalid(OPERATION, m))?;
        if let Some(payload) = &self.payload {
            limits
                .check_text(payload.expose_secret())
                .map_err(|m| Error::invalid(OPERATION, m))?;
        }
        let plan = self.options.plan(&self.client, OPERATION).await?;
        let options = self.options;
        let raw = self.client.raw();
        let push = match plan.api {
            ApiVersion::V1 => {
                let mut call = raw.pushes_v1().create_file(self.files);
                if let Some(payload) = self.payload {
                    call = call.file_push_payload(payload);
                }
                if let Some(passphrase) = options.passphrase {
                    call = call.file_push_passphrase(passphrase);
                }
                if let Some(name) = options.name {
                    call = call.file_push_name(name);
                }
                if let Some(note) = options.note {
                    call = call.file_push_note(note);
                }
                if let Some(days) = plan.days {
                    call = call.file_push_expire_after_days(days);
                }
                if let Some(views) = plan.views {
                    call = call.file_push_expire_after_views(views);
                }
                if let Some(duration) = plan.duration {
                    call = call.file_push_expire_after_duration(duration);
                }
                if let Some(deletable) = options.deletable_by_viewer {
                    call = call.file_push_deletable_by_viewer(deletable);
                }
                if let Some(step) = options.retrieval_step {
                    call = call.file_push_retrieval_step(step);
                }
                if let Some(account_id) = options.account_id {
                    call = call.account_id(account_id);
                }
                call.await?
            }
            ApiVersion::V2 => {
                let mut call = raw.pushes_v2().create_file(self.files);
                if let Some(payload) = self.payload {
                    call = call.push_payload(payload);
                }
                if let Some(passphrase) = options.passphrase {
                    call = call.push_passphrase(passphrase);
                }
                if let Some(name) = options.name {
                    call = call.push_name(name);
                }
                if let Some(note) = options.note {
                    call = call.push_note(note);
                }
                if let Some(days) = plan.days {
                    call = call.push_expire_after_days(days);
                }
                if let Some(views) = plan.views {
                    call = call.push_expire_after_views(views);
                }
                if let Some(duration) = plan.duration {
                    call = call.push_expire_after_duration(duration);
                }
                if let Some(deletable) = options.deletable_by_viewer {
                    call = call.push_deletable_by_viewer(deletable);
                }
                if let Some(step) = options.retrieval_step {
                    call = call.push_retrieval_step(step);
                }
                if let Some(to) = options.notify_emails_to {
                    call = call.push_notify_emails_to(to);
                }
                if let Some(locale) = options.notify_emails_to_locale {
                    call = call.push_notify_emails_to_locale(locale);
                }
                if let Some(account_id) = options.account_id {
                    call = call.account_id(account_id);
                }
                call.await?
            }
        };
        finish(&self.client, OPERATION, &plan, push)
    }
}

impl IntoFuture for CreateFilePush {
    type Output = Result<CreatedPush, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
