//! The token user's accounts (Pro edition).

use serde_json::Value;

use crate::client::Client;
use crate::error::Error;
use crate::generated::models::{Account, Edition};
use crate::pushes::unsupported_error;
use crate::server_info::ApiVersion;

/// Account operations; from [`Client::accounts`].
#[derive(Clone, Debug)]
pub struct Accounts {
    client: Client,
}

impl Accounts {
    pub(crate) fn new(client: Client) -> Self {
        Self { client }
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
    pub async fn list(&self) -> Result<Vec<Account>, Error> {
        const OPERATION: &str = "listAccounts";
        if self.client.edition().await? == Some(Edition::Oss) {
            return Err(unsupported_error(OPERATION, "accounts are a Pro feature"));
        }
        let raw = self.client.raw();
        match self.client.api_version().await? {
            ApiVersion::V1 => Ok(raw.accounts().list_v1().await?),
            ApiVersion::V2 => accounts_from(OPERATION, raw.accounts().list_v2().await?),
        }
    }
}

/// v2 answers a bare list or `{"accounts": [...]}`; both are read.
fn accounts_from(operation: &'static str, body: Value) -> Result<Vec<Account>, Error> {
    let list = match body {
        Value::Object(mut map) => map.remove("accounts").unwrap_or(Value::Null),
        other => other,
    };
    let list = if list.is_null() {
        Value::Array(Vec::new())
    } else {
        list
    };
    let snippet: String = list.to_string().chars().take(200).collect();
    serde_json::from_value(list).map_err(|source| {
        Error::Core(api_core::Error::Decode {
            operation,
            status: api_core::StatusCode::OK,
            snippet,
            source: api_core::DecodeError::from_json(source),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bare_and_wrapped_account_lists_both_decode() {
        let bare = accounts_from("t", json!([{"id": 1, "name": "A"}])).unwrap_or_default();
        let wrapped =
            accounts_from("t", json!({"accounts": [{"id": 1, "name": "A"}]})).unwrap_or_default();
        assert_eq!(bare.len(), 1);
        assert_eq!(bare, wrapped);
    }

    #[test]
    fn an_account_list_of_the_wrong_shape_is_a_decode_error() {
        let error = accounts_from("t", json!({"accounts": "nope"}));
        assert!(matches!(
            error,
            Err(Error::Core(api_core::Error::Decode { .. }))
        ));
    }
}
