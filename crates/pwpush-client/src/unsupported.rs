//! The refusal of an operation, or one of its settings, that this server's API version or edition
//! does not have: made before sending, because the server would ignore it or answer 404.

use crate::error::Error;

pub(crate) fn unsupported(operation: &'static str, reason: &str) -> Error {
    Error::Unsupported {
        operation,
        reason: reason.to_owned(),
    }
}
