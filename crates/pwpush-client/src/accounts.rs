//! The token user's accounts (Pro edition).

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;

use crate::context::Context;
use crate::error::Error;
use crate::generated::models::{Account, Edition};
use crate::unsupported::unsupported;

/// Account operations; from [`Client::accounts`](crate::Client::accounts).
#[derive(Clone, Debug)]
pub struct Accounts {
    context: Arc<Context>,
}

impl Accounts {
    pub(crate) fn new(context: Arc<Context>) -> Self {
        Self { context }
    }

    /// The accounts of the token's user, for `account_id` on create calls. Refused before sending
    /// when the server is known to be the open-source edition (it has no accounts).
    ///
    /// ```no_run
    /// # async fn demo(client: pwpush_client::Client) -> Result<(), pwpush_client::Error> {
    /// for account in client.accounts().list().await? {
    ///     println!("{} {:?}", account.id, account.name);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn list(&self) -> ListAccounts {
        ListAccounts {
            context: self.context.clone(),
        }
    }
}

/// Builder of the account list; `.await` fetches it. From [`Accounts::list`].
#[must_use = "a list does nothing until awaited"]
#[derive(Debug)]
pub struct ListAccounts {
    context: Arc<Context>,
}

impl ListAccounts {
    /// Fetches the list.
    pub async fn send(self) -> Result<Vec<Account>, Error> {
        const OPERATION: &str = "listAccounts";
        if self.context.edition().await? == Some(Edition::Oss) {
            return Err(unsupported(OPERATION, "accounts are a Pro feature"));
        }
        let dialect = self.context.dialect().await?;
        dialect.accounts(OPERATION).await
    }
}

impl IntoFuture for ListAccounts {
    type Output = Result<Vec<Account>, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
