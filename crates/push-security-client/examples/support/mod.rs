//! How the examples find a service: the real one when `PUSH_SECURITY_API_KEY` is set (and
//! `PUSH_SECURITY_BASE_URL`, if set, overrides where it lives), otherwise the bundled mock.

use push_security_client::Client;
use push_security_client::mock::MockPushSecurity;

/// A client, and the mock it talks to when there is no API key (keep it alive while you use the
/// client: the mock stops when dropped).
pub async fn connect() -> Result<(Client, Option<MockPushSecurity>), Box<dyn std::error::Error>> {
    match std::env::var("PUSH_SECURITY_API_KEY") {
        Ok(key) if !key.trim().is_empty() => {
            let mut builder = Client::builder().api_key(key.trim().to_owned());
            if let Ok(url) = std::env::var("PUSH_SECURITY_BASE_URL") {
                builder = builder.base_url(url);
            }
            Ok((builder.build()?, None))
        }
        _ => {
            let mock = MockPushSecurity::start().await?;
            eprintln!(
                "PUSH_SECURITY_API_KEY is not set: using the bundled mock service at {}",
                mock.base_url()
            );
            Ok((mock.client(), Some(mock)))
        }
    }
}
