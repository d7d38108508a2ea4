//! Real response bodies, taken once from the crates' own mocks, so the fixed server of the
//! overhead benchmark answers exactly what the services answer (as far as the mocks know).

use bytes::Bytes;
use push_security_client::mock::MockPushSecurity;
use pwpush_client::mock::MockPwPush;

use crate::BenchResult;

/// The bodies the overhead benchmark serves.
#[derive(Clone, Debug)]
pub struct Samples {
    /// `GET /v1/accounts`: a full first page (50 accounts) of the Push Security mock.
    pub account_page: Bytes,
    /// `POST /api/v2/pushes`: the Password Pusher mock's answer to creating a text push.
    pub created_push: Bytes,
    /// The status that answer came with.
    pub created_status: u16,
}

/// Starts both mocks, makes each call once by hand, and keeps the answers.
pub async fn capture() -> BenchResult<Samples> {
    let http = reqwest::Client::new();

    let push_security = MockPushSecurity::builder().no_rate_limit().start().await?;
    let page = http
        .get(format!("{}/v1/accounts", push_security.base_url()))
        .header("x-api-key", push_security.full_access_key())
        .send()
        .await?
        .error_for_status()?
        .bytes()
        .await?;

    let pwpush = MockPwPush::start().await?;
    let created = http
        .post(format!("{}/api/v2/pushes", pwpush.base_url()))
        .bearer_auth(pwpush.token())
        .header("content-type", "application/json")
        .body(r#"{"push":{"payload":"correct horse battery staple","expire_after_days":2,"expire_after_views":5}}"#)
        .send()
        .await?
        .error_for_status()?;
    let created_status = created.status().as_u16();
    let created_push = created.bytes().await?;

    Ok(Samples {
        account_page: page,
        created_push,
        created_status,
    })
}
