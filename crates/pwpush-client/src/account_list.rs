//! Reading API v2's account list, which arrives in two shapes.

use serde_json::Value;

use crate::error::Error;
use crate::generated::models::Account;

/// v2 answers a bare list or `{"accounts": [...]}`; both are read.
pub(crate) fn accounts_from(operation: &'static str, body: Value) -> Result<Vec<Account>, Error> {
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
