//! The baseline: the same two HTTP calls written by hand with reqwest and serde_json, the way a
//! careful user would without an SDK (typed structs, status check, one shared `reqwest::Client`).
//! The structs carry the same fields as the SDK's models, timestamps decoded into `time` types
//! too, so both sides do the same decoding work.

// The models are decoded to measure decoding; the benchmark reads none of their fields.
#![expect(dead_code, reason = "decoded for the measurement, never read")]

use bytes::Bytes;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, USER_AGENT};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::BenchResult;

/// One account of a Push Security list page.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub id: String,
    pub employee_id: Option<String>,
    pub app_type: Option<String>,
    pub app_id: Option<String>,
    pub email: Option<String>,
    pub mfa_registered: Option<bool>,
    pub mfa_methods: Option<Vec<String>>,
    pub password_id: Option<String>,
    pub login_methods: Option<LoginMethods>,
    #[serde(default, with = "time::serde::timestamp::option")]
    pub creation_timestamp: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::timestamp::option")]
    pub last_used_timestamp: Option<OffsetDateTime>,
}

/// How an account signs in.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginMethods {
    pub password_login: Option<bool>,
    pub oidc_login: Option<String>,
    pub saml_login: Option<String>,
    pub okta_swa_login: Option<bool>,
    pub vendor_sso_login: Option<String>,
    pub fed_cm_login: Option<String>,
}

/// The `{result, paging}` envelope of a list page.
#[derive(Debug, Deserialize)]
pub struct AccountPage {
    #[serde(default)]
    pub result: Vec<Account>,
    pub paging: Option<Paging>,
}

/// Where the next page starts.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Paging {
    pub more_results: Option<bool>,
    pub next: Option<String>,
    pub next_token: Option<String>,
}

/// What `POST /api/v2/pushes` sends: the push under a `push` key.
#[derive(Debug, Serialize)]
pub struct CreatePush<'a> {
    pub push: PushParams<'a>,
}

/// The push's settings.
#[derive(Debug, Serialize)]
pub struct PushParams<'a> {
    pub payload: &'a str,
    pub expire_after_days: u32,
    pub expire_after_views: u32,
}

/// A created push as Password Pusher answers it.
#[derive(Debug, Deserialize)]
pub struct Push {
    pub url_token: String,
    pub html_url: String,
    pub json_url: Option<String>,
    pub payload: Option<String>,
    pub passphrase: Option<String>,
    pub expire_after_days: Option<i32>,
    pub expire_after_views: Option<i32>,
    pub expire_after_duration: Option<i32>,
    pub days_remaining: Option<i32>,
    pub views_remaining: Option<i32>,
    pub expired: bool,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub expired_on: Option<OffsetDateTime>,
    pub deleted: Option<bool>,
    pub deletable_by_viewer: Option<bool>,
    pub retrieval_step: Option<bool>,
    pub name: Option<String>,
    pub note: Option<String>,
    #[serde(default)]
    pub files: Vec<serde_json::Value>,
    pub notify_emails_to: Option<String>,
    pub notify_emails_to_locale: Option<String>,
    pub account_id: Option<i64>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub created_at: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub updated_at: Option<OffsetDateTime>,
}

/// A hand-written client of the two endpoints.
#[derive(Clone, Debug)]
pub struct RawClient {
    http: reqwest::Client,
    accounts_url: String,
    pushes_url: String,
    push_security_headers: HeaderMap,
    pwpush_headers: HeaderMap,
}

impl RawClient {
    /// A client of the server at `base_url`, authenticating with `api_key` (Push Security) and
    /// `token` (Password Pusher).
    pub fn new(base_url: &str, api_key: &str, token: &str) -> BenchResult<Self> {
        let mut common = HeaderMap::new();
        common.insert(USER_AGENT, HeaderValue::from_static("hand-written/0.1"));
        common.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let mut push_security_headers = common.clone();
        push_security_headers.insert("x-api-key", HeaderValue::from_str(api_key)?);
        let mut pwpush_headers = common;
        pwpush_headers.insert(
            AUTHORIZATION,
            HeaderValue::from_str(&format!("Bearer {token}"))?,
        );
        pwpush_headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        Ok(RawClient {
            http: reqwest::Client::builder().build()?,
            accounts_url: format!("{base_url}/v1/accounts"),
            pushes_url: format!("{base_url}/api/v2/pushes"),
            push_security_headers,
            pwpush_headers,
        })
    }

    /// `GET /v1/accounts`: the first page of accounts.
    pub async fn list_accounts(&self) -> BenchResult<AccountPage> {
        let body = self
            .send(
                self.http
                    .get(&self.accounts_url)
                    .headers(self.push_security_headers.clone()),
            )
            .await?;
        Ok(serde_json::from_slice(&body)?)
    }

    /// `POST /api/v2/pushes`: creates a text push.
    pub async fn create_push(&self, payload: &str) -> BenchResult<Push> {
        let body = serde_json::to_vec(&CreatePush {
            push: PushParams {
                payload,
                expire_after_days: 2,
                expire_after_views: 5,
            },
        })?;
        let body = self
            .send(
                self.http
                    .post(&self.pushes_url)
                    .headers(self.pwpush_headers.clone())
                    .body(body),
            )
            .await?;
        Ok(serde_json::from_slice(&body)?)
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> BenchResult<Bytes> {
        let response = request.send().await?;
        let status = response.status();
        let body = response.bytes().await?;
        if !status.is_success() {
            return Err(format!("the server answered {status}").into());
        }
        Ok(body)
    }
}
