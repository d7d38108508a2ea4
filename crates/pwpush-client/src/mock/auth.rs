//! Who is calling, decided the way the server's API base controller does it.

use axum::http::HeaderMap;

use super::user::User;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Caller {
    Anonymous,
    User(u64),
    /// Some token was sent and it matches nobody: 401 with an empty body, except on version.
    Invalid,
}

impl Caller {
    pub(crate) fn user_id(self) -> Option<u64> {
        match self {
            Caller::User(id) => Some(id),
            Caller::Anonymous | Caller::Invalid => None,
        }
    }
}

pub(crate) fn resolve(headers: &HeaderMap, users: &[User]) -> Caller {
    let header = |name: &str| {
        headers
            .get(name)
            .map(|v| v.to_str().unwrap_or("").to_owned())
    };
    let email = header("x-user-email");
    let legacy_token = header("x-user-token");
    let authorization = header("authorization");

    // `Api::BaseController#token_from_header`: the legacy pair is used only when both headers are
    // present, and then it wins over `Authorization`; otherwise the last word of `Authorization`.
    // A token that resolves to nobody is refused when `Authorization` or `X-User-Token` was sent
    // at all (`#require_api_authentication`), so `X-User-Token` alone does not spoil a valid
    // Bearer, and `X-User-Email` alone is anonymous.
    let sent_credentials = authorization.is_some() || legacy_token.is_some();
    let token = match (email, legacy_token, authorization) {
        (Some(_), Some(token), _) => token,
        (_, _, Some(value)) => value.split_whitespace().last().unwrap_or("").to_owned(),
        (_, _, None) => String::new(),
    };
    if token.is_empty() && !sent_credentials {
        return Caller::Anonymous;
    }
    if token.is_empty() {
        return Caller::Invalid;
    }
    users
        .iter()
        .find(|user| user.token == token)
        .map_or(Caller::Invalid, |user| Caller::User(user.id))
}
