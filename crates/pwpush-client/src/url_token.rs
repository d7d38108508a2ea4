//! The URL-token check every operation on an existing push or request makes before sending.

use api_core::SecretString;

use crate::error::Error;
use crate::input_limits::check_url_token;

/// Refuses a URL token the server could never have issued; the error never repeats the token.
pub(crate) fn checked_token(operation: &'static str, token: &SecretString) -> Result<(), Error> {
    check_url_token(token.expose_secret()).map_err(|message| Error::invalid(operation, message))
}
