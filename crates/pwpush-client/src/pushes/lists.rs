//! Active and expired lists, and audit logs: paged by page number, 50 a page.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;

use api_core::{BoxStream, SecretString};
use futures::{StreamExt, TryStreamExt};

use crate::context::Context;
use crate::dialect::PushList;
use crate::error::Error;
use crate::generated::models::{AuditEvent, Push};
use crate::url_token::checked_token;

const OPERATION_AUDIT: &str = "pushAudit";

/// The user's active or expired pushes, newest first, without payloads. Needs a token.
/// From [`Pushes::active`](crate::Pushes::active) or [`Pushes::expired`](crate::Pushes::expired).
///
/// `.items()` streams every push across pages; `.await` fetches one page (the first, or the one
/// set with [`page`](Self::page)).
///
/// ```no_run
/// use futures::TryStreamExt;
/// # async fn demo(client: pwpush_client::Client) -> Result<(), pwpush_client::Error> {
/// let mut pushes = client.pushes().active().items();
/// while let Some(push) = pushes.try_next().await? {
///     println!("{:?} views left: {:?}", push.name, push.views_remaining);
/// }
/// # Ok(())
/// # }
/// ```
#[must_use = "a list does nothing until awaited or streamed"]
#[derive(Debug)]
pub struct ListPushes {
    context: Arc<Context>,
    list: PushList,
    page: i32,
}

impl ListPushes {
    pub(crate) fn new(context: Arc<Context>, list: PushList) -> Self {
        Self {
            context,
            list,
            page: 1,
        }
    }

    /// The page to start from (1-based; the server accepts up to 200). A value below 1 is sent as
    /// 1, which is how the server reads it (`validate_page_parameter`).
    pub fn page(mut self, page: i32) -> Self {
        self.page = page.max(1);
        self
    }

    /// Every push from the starting page on, fetching pages as the stream is read.
    pub fn items(self) -> BoxStream<'static, Result<Push, Error>> {
        let Self {
            context,
            list,
            page,
        } = self;
        futures::stream::once(async move {
            let dialect = context.dialect().await?;
            Ok::<_, Error>(dialect.list_items(list, page))
        })
        .try_flatten()
        .boxed()
    }

    /// Fetches the one page.
    pub async fn send(self) -> Result<Vec<Push>, Error> {
        let dialect = self.context.dialect().await?;
        dialect.list_page(self.list, self.page).await
    }
}

impl IntoFuture for ListPushes {
    type Output = Result<Vec<Push>, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// A push's audit log, oldest entry first (v1 `views`, v2 `logs`). Owner only.
/// From [`Pushes::audit`](crate::Pushes::audit).
///
/// ```no_run
/// use futures::TryStreamExt;
/// # async fn demo(client: pwpush_client::Client, token: &str) -> Result<(), pwpush_client::Error> {
/// let events: Vec<_> = client.pushes().audit(token).items().try_collect().await?;
/// for event in events {
///     println!("{:?} at {:?}", event.kind, event.created_at);
/// }
/// # Ok(())
/// # }
/// ```
#[must_use = "an audit read does nothing until awaited or streamed"]
#[derive(Debug)]
pub struct AuditLog {
    context: Arc<Context>,
    url_token: SecretString,
    page: i32,
}

impl AuditLog {
    pub(crate) fn new(context: Arc<Context>, url_token: SecretString) -> Self {
        Self {
            context,
            url_token,
            page: 1,
        }
    }

    /// The page to start from (1-based; the server accepts up to 200). A value below 1 is sent as
    /// 1, which is how the server reads it.
    pub fn page(mut self, page: i32) -> Self {
        self.page = page.max(1);
        self
    }

    /// Every entry from the starting page on.
    pub fn items(self) -> BoxStream<'static, Result<AuditEvent, Error>> {
        let Self {
            context,
            url_token,
            page,
        } = self;
        futures::stream::once(async move {
            checked_token(OPERATION_AUDIT, &url_token)?;
            let dialect = context.dialect().await?;
            Ok::<_, Error>(dialect.audit_items(url_token, page))
        })
        .try_flatten()
        .boxed()
    }

    /// Fetches the one page.
    pub async fn send(self) -> Result<Vec<AuditEvent>, Error> {
        checked_token(OPERATION_AUDIT, &self.url_token)?;
        let dialect = self.context.dialect().await?;
        dialect.audit_page(self.url_token, self.page).await
    }
}

impl IntoFuture for AuditLog {
    type Output = Result<Vec<AuditEvent>, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
