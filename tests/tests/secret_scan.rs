//! Every operation of the three crates, run with distinctive secrets (API keys, tokens, push
//! payloads, passphrases, URL tokens, a webhook signing secret), once cleanly and once under each
//! fault of the chaos proxy: the Debug and Display text of every request builder, result, error
//! and error source, the clients' Debug, and all tracing output at TRACE (with `log` records
//! bridged in) are captured into one buffer, and none of the secrets appears in it.

use std::sync::Arc;
use std::time::Duration;

use api_core::{Clock, RetryPolicy};
use futures::future::BoxFuture;
use futures::{FutureExt, StreamExt};
use workspace_tests::capture::{Capture, PlantedSecret, find_secrets};
use workspace_tests::chaos::{ChaosConfig, ChaosProxy, Fault, FaultMix};
use workspace_tests::rendering::{render_call, render_error};

const ATTEMPT_TIMEOUT: Duration = Duration::from_millis(250);
const SLOW_DELAY: Duration = Duration::from_millis(500);

/// Runs one call with a client and the ids it needs; yields every text the caller can print.
type Run<C, I> = Box<dyn Fn(C, Arc<I>) -> BoxFuture<'static, Vec<String>> + Send + Sync>;

/// One operation of an SDK, run for the text it lets a caller print.
struct Operation<C, I> {
    name: &'static str,
    run: Run<C, I>,
}

/// An operation whose builder is Debug and has `send()`.
macro_rules! op {
    ($name:literal, |$c:ident, $ids:ident| $build:expr) => {
        Operation {
            name: $name,
            run: Box::new(move |$c, $ids| {
                async move {
                    let request = $build;
                    let shown = format!("{request:?}");
                    render_call(shown, &request.send().await)
                }
                .boxed()
            }),
        }
    };
}

/// An operation that is a plain async call.
macro_rules! call {
    ($name:literal, |$c:ident, $ids:ident| $call:expr) => {
        Operation {
            name: $name,
            run: Box::new(move |$c, $ids| {
                async move { render_call(String::from($name), &$call.await) }.boxed()
            }),
        }
    };
}

/// Runs every operation once without faults, then once under each fault of the proxy (no
/// retries, so each fault surfaces as the call's error), recording all text into the capture.
async fn run_rounds<C: Clone, I>(
    capture: &Capture,
    proxy: &ChaosProxy,
    client: &C,
    ids: &Arc<I>,
    operations: &[Operation<C, I>],
) {
    let rounds = std::iter::once(None).chain(Fault::ALL.into_iter().map(Some));
    for fault in rounds {
        match fault {
            None => proxy.set_fault_rate(0.0),
            Some(fault) => {
                proxy.set_mix(FaultMix::only(&[fault]));
                proxy.set_fault_rate(1.0);
            }
        }
        for operation in operations {
            for line in (operation.run)(client.clone(), Arc::clone(ids)).await {
                capture.record(operation.name, line);
            }
        }
    }
    proxy.set_fault_rate(0.0);
}

/// The capture holds real output (so the scan means something) and none of the secrets.
fn assert_clean(capture: &Capture, secrets: &[PlantedSecret], must_mention: &[&str]) {
    let text = capture.text();
    // To read what was captured: SECRET_SCAN_DUMP=/tmp/capture.txt cargo test --test secret_scan
    if let Some(path) = std::env::var_os("SECRET_SCAN_DUMP") {
        std::fs::write(path, &text).expect("the dump is written");
    }
    for expected in must_mention {
        assert!(text.contains(expected), "the capture lacks {expected:?}");
    }
    let found = find_secrets(&text, secrets);
    assert!(found.is_empty(), "secrets leaked:\n{}", found.join("\n"));
}

fn planted(kind: &'static str, value: &str) -> PlantedSecret {
    PlantedSecret {
        kind,
        value: value.to_owned(),
    }
}

// ---- Push Security -----------------------------------------------------------------------------

mod push_security {
    use super::*;
    use push_security_client::Client;
    use push_security_client::mock::MockPushSecurity;
    use push_security_client::webhooks::WebhookVerifier;

    pub(super) struct Ids {
        account: String,
        app: String,
        employee: String,
        detection: String,
        browser: String,
        finding: String,
        other_account: String,
        other_app: String,
        banner: String,
    }

    async fn first_id<T, F>(listed: F, id: impl Fn(&T) -> String) -> String
    where
        F: std::future::Future<Output = Result<Vec<T>, api_core::Error>>,
    {
        let items = listed.await.expect("the mock lists");
        items.first().map(id).expect("the mock holds one")
    }

    fn operations() -> Vec<Operation<Client, Ids>> {
        vec![
            op!("accounts.get", |c, i| c.accounts().get(&i.account)),
            op!("accounts.list", |c, _i| c.accounts().list().limit(3)),
            op!("accounts.list_used_by", |c, i| c
                .accounts()
                .list_used_by(&i.account)),
            op!("accounts.delete", |c, i| c.accounts().delete(&i.account)),
            op!("app_banners.get", |c, i| c.app_banners().get(&i.banner)),
            op!("app_banners.list", |c, _i| c.app_banners().list()),
            op!("app_banners.set", |c, i| c
                .app_banners()
                .set(&i.banner, true)),
            op!("apps.get", |c, i| c.apps().get(&i.app)),
            op!("apps.list", |c, _i| c.apps().list().limit(3)),
            op!("apps.update", |c, i| c
                .apps()
                .update(&i.app)
                .owner_id(None)
                .notes("audited")),
            op!("blocked_urls.create", |c, _i| c
                .blocked_urls()
                .create("blocked.example.org")),
            op!("blocked_urls.list", |c, _i| c.blocked_urls().list()),
            op!("blocked_urls.delete_all", |c, _i| c
                .blocked_urls()
                .delete_all()),
            op!("browser_extensions.list", |c, _i| c
                .browser_extensions()
                .list()
                .limit(3)),
            op!("browsers.get", |c, i| c.browsers().get(&i.browser)),
            op!("browsers.list", |c, _i| c.browsers().list().limit(3)),
            op!("detections.get", |c, i| c.detections().get(&i.detection)),
            op!("detections.list", |c, _i| c.detections().list().limit(3)),
            op!("employees.get", |c, i| c.employees().get(&i.employee)),
            op!("employees.list", |c, _i| c.employees().list().limit(3)),
            op!("employees.update", |c, i| c
                .employees()
                .update(&i.employee)
                .licensed(true)),
            op!("findings.get", |c, i| c.findings().get(&i.finding)),
            op!("findings.list", |c, _i| c.findings().list().limit(3)),
            op!("other_accounts.get", |c, i| c
                .other_accounts()
                .get(&i.other_account)),
            op!("other_accounts.list", |c, _i| c
                .other_accounts()
                .list()
                .limit(3)),
            op!("other_apps.get", |c, i| c.other_apps().get(&i.other_app)),
            op!("other_apps.list", |c, _i| c.other_apps().list().limit(3)),
            call!("accounts.items", |c, _i| async move {
                c.accounts()
                    .list()
                    .limit(2)
                    .items()
                    .take(3)
                    .collect::<Vec<_>>()
                    .await
                    .into_iter()
                    .collect::<Result<Vec<_>, _>>()
            }),
        ]
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn push_security_operations_print_and_log_no_api_key_or_signing_secret() {
        let capture = Capture::global();
        let mock = MockPushSecurity::builder()
            .seed(0x5ec7)
            .no_rate_limit()
            .start()
            .await
            .expect("mock starts");
        let direct = mock
            .client_builder()
            .no_rate_limit()
            .build()
            .expect("client");
        let ids = Arc::new(Ids {
            account: mock.account_ids()[0].clone(),
            app: mock.app_ids()[0].clone(),
            employee: mock.employee_ids()[0].clone(),
            detection: mock.detection_ids()[0].clone(),
            browser: first_id(
                async { Ok(direct.browsers().list().send().await?.result) },
                |b| b.id.clone(),
            )
            .await,
            finding: first_id(
                async { Ok(direct.findings().list().send().await?.result) },
                |f| f.id.clone(),
            )
            .await,
            other_account: first_id(
                async { Ok(direct.other_accounts().list().send().await?.result) },
                |a| a.id.clone(),
            )
            .await,
            other_app: first_id(
                async { Ok(direct.other_apps().list().send().await?.result) },
                |a| a.id.clone(),
            )
            .await,
            banner: first_id(
                async { Ok(direct.app_banners().list().send().await?.result) },
                |b| b.id.clone(),
            )
            .await,
        });
        let proxy = ChaosProxy::start(
            mock.base_url(),
            ChaosConfig::new(0x5ec7).slow_delay(SLOW_DELAY),
        )
        .await
        .expect("proxy starts");
        let client = Client::builder()
            .base_url(proxy.base_url())
            .api_key(mock.full_access_key())
            .no_rate_limit()
            .attempt_timeout(ATTEMPT_TIMEOUT)
            .retry_policy(RetryPolicy::no_retries())
            .clock(Clock::tokio().with_rng_seed(1))
            .build()
            .expect("client builds");
        capture.record("client", format_args!("{client:?}"));
        run_rounds(capture, &proxy, &client, &ids, &operations()).await;

        // A key the service refuses: the 401 and its error travel through the same printing.
        let refused = Client::builder()
            .base_url(mock.base_url())
            .api_key("psk-refused-Wk4rZp9QxT2m")
            .no_rate_limit()
            .build()
            .expect("client builds");
        capture.record("refused client", format_args!("{refused:?}"));
        let result = refused.accounts().get(&ids.account).await;
        assert!(result.is_err(), "an unknown key is refused");
        for line in render_call("refused".into(), &result) {
            capture.record("accounts.get refused", line);
        }

        let signing_secret = "whsec-Jq7NvB2cXe9LtR4y";
        let verifier = WebhookVerifier::new(signing_secret);
        capture.record("verifier", format_args!("{verifier:?}"));
        let body = br#"{"id":"evt-1","version":"1","timestamp":1700000000,"category":"ACCOUNT","type":"CREATE","object":"ACCOUNT","new":{},"old":null}"#;
        let header = verifier
            .signature_header(1_700_000_000, body)
            .expect("signs");
        let fixed = WebhookVerifier::new(signing_secret).with_clock(|| {
            api_core::OffsetDateTime::from_unix_timestamp(1_700_000_000).expect("valid time")
        });
        let verified = fixed.verify_event(&header, body);
        for line in render_call("verify_event".into(), &verified) {
            capture.record("webhook", line);
        }
        for bad in [&header.replace("v1=", "v1=00"), "t=abc", "", &header] {
            let result = fixed.verify(bad, b"tampered body");
            if let Err(error) = &result {
                for line in render_error(error) {
                    capture.record("webhook error", line);
                }
            }
        }
        let stale = WebhookVerifier::new(signing_secret).verify(&header, body);
        assert!(stale.is_err(), "a 2023 signature is out of today's window");

        let secrets = [
            planted("Push Security full-access key", mock.full_access_key()),
            planted("Push Security read-only key", mock.read_only_key()),
            planted("refused API key", "psk-refused-Wk4rZp9QxT2m"),
            planted("webhook signing secret", signing_secret),
        ];
        assert_clean(
            capture,
            &secrets,
            &["api.call", "getAccount", "listAccounts"],
        );
    }
}

// ---- Password Pusher ---------------------------------------------------------------------------

mod password_pusher {
    use super::*;
    use pwpush_client::mock::{MockOptions, MockPwPush};
    use pwpush_client::{ApiVersion, Client};

    const TEXT: &str = "pw-text-payload-Hc8rQ2vLm5Tz";
    const URL: &str = "https://intranet.example.org/reset?k=pw-url-payload-Vd3sK9wPq1Ny";
    const QR: &str = "pw-qr-payload-Bn6tF0jXr8Ue";
    const FILE_NOTE: &str = "pw-file-payload-Gm2yW7cHs4Ka";
    const FILE_BYTES: &str = "pw-file-content-Lz5eR1uNd9Qx";
    const READABLE: &str = "pw-readable-payload-Ty4mJ8bKw3Fs";
    const EXPIRING: &str = "pw-expiring-payload-Xa1pE6gVn0Rc";
    const PASSPHRASE: &str = "pw-passphrase-Qs7dZ3hLy2Mb";
    const WRONG_PASSPHRASE: &str = "pw-wrong-pass-Re9kC4tWx6Ju";
    const REQUEST_PASSPHRASE: &str = "pw-request-pass-Np0vY5aSe8Hg";

    pub(super) struct Ids {
        readable: String,
    }

    fn operations() -> Vec<Operation<Client, Ids>> {
        vec![
            call!("server_info", |c, _i| async move {
                c.server_info().await.map(|info| format!("{info:?}"))
            }),
            call!("api_version", |c, _i| c.api_version()),
            call!("edition", |c, _i| c.edition()),
            op!("create_text", |c, _i| c
                .pushes()
                .create_text(TEXT)
                .passphrase(PASSPHRASE)
                .note("for the new hire")
                .expire_after_views(3)),
            op!("create_url", |c, _i| c
                .pushes()
                .create_url(URL)
                .expire_after_views(3)),
            op!("create_qr", |c, _i| c
                .pushes()
                .create_qr(QR)
                .expire_after_views(3)),
            op!("create_file", |c, _i| c
                .pushes()
                .create_file()
                .file("handover.txt", FILE_BYTES.as_bytes().to_vec())
                .payload(FILE_NOTE)),
            op!("retrieve", |c, i| c
                .pushes()
                .retrieve(i.readable.as_str())
                .passphrase(PASSPHRASE)),
            op!("retrieve without passphrase", |c, i| c
                .pushes()
                .retrieve(i.readable.as_str())),
            op!("retrieve with a wrong passphrase", |c, i| c
                .pushes()
                .retrieve(i.readable.as_str())
                .passphrase(WRONG_PASSPHRASE)),
            call!("preview", |c, i| async move {
                c.pushes().preview(i.readable.as_str()).await
            }),
            op!("audit", |c, i| c.pushes().audit(i.readable.as_str())),
            call!("audit.items", |c, i| async move {
                c.pushes()
                    .audit(i.readable.as_str())
                    .items()
                    .take(3)
                    .collect::<Vec<_>>()
                    .await
                    .into_iter()
                    .collect::<Result<Vec<_>, _>>()
            }),
            op!("active", |c, _i| c.pushes().active()),
            op!("expired", |c, _i| c.pushes().expired().page(1)),
            call!("active.items", |c, _i| async move {
                c.pushes()
                    .active()
                    .items()
                    .take(3)
                    .collect::<Vec<_>>()
                    .await
                    .into_iter()
                    .collect::<Result<Vec<_>, _>>()
            }),
            call!("notify_emails", |c, i| async move {
                c.pushes()
                    .notify_emails(i.readable.as_str(), "ana@example.com")
                    .await
            }),
            call!("expire", |c, _i| async move {
                let push = c
                    .pushes()
                    .create_text(EXPIRING)
                    .expire_after_views(2)
                    .await?;
                c.pushes().expire(push.url_token()).await
            }),
            call!(
                "accounts.list",
                |c, _i| async move { c.accounts().list().await }
            ),
            op!("requests.create", |c, _i| c
                .requests()
                .create("please send the VPN password")
                .passphrase(REQUEST_PASSPHRASE)),
        ]
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn password_pusher_operations_print_and_log_no_token_payload_passphrase_or_url_token() {
        let capture = Capture::global();
        let mock = MockPwPush::start_with(MockOptions::pro())
            .await
            .expect("mock starts");
        let legacy_email = "legacy.user@example.org";
        let legacy_token = mock.add_user(legacy_email);
        let direct = Client::builder()
            .base_url(mock.base_url())
            .bearer_token(mock.token())
            .build()
            .expect("client builds");
        let readable = direct
            .pushes()
            .create_text(READABLE)
            .passphrase(PASSPHRASE)
            .expire_after_views(100)
            .await
            .expect("the mock creates a push");
        let ids = Arc::new(Ids {
            readable: readable.url_token().to_owned(),
        });
        capture.record("created", format_args!("{readable:?}"));
        capture.record("created", format_args!("{:?}", readable.push));

        let proxy = ChaosProxy::start(
            mock.base_url(),
            ChaosConfig::new(0x9f9).slow_delay(SLOW_DELAY),
        )
        .await
        .expect("proxy starts");
        let builder = || {
            Client::builder()
                .base_url(proxy.base_url())
                .api_version(ApiVersion::V2)
                .no_rate_limit()
                .attempt_timeout(ATTEMPT_TIMEOUT)
                .retry_policy(RetryPolicy::no_retries())
        };
        let bearer = builder()
            .bearer_token(mock.token())
            .build()
            .expect("client builds");
        let legacy = builder()
            .legacy_token(legacy_email, legacy_token.as_str())
            .build()
            .expect("client builds");
        let anonymous = builder().anonymous().build().expect("client builds");
        for (label, client) in [
            ("bearer", &bearer),
            ("legacy", &legacy),
            ("anonymous", &anonymous),
        ] {
            capture.record(label, format_args!("{client:?}"));
            run_rounds(capture, &proxy, client, &ids, &operations()).await;
        }

        // Every URL token the client sent in a path is a secret too.
        let mut secrets: Vec<PlantedSecret> = mock
            .requests()
            .iter()
            .filter_map(|r| {
                r.path
                    .strip_prefix("/p/")
                    .or_else(|| r.path.strip_prefix("/api/v2/pushes/"))
            })
            .map(|rest| rest.split(['/', '.']).next().unwrap_or_default().to_owned())
            .filter(|token| token.len() >= 8)
            .map(|token| PlantedSecret {
                kind: "URL token",
                value: token,
            })
            .collect();
        secrets.sort_by(|a, b| a.value.cmp(&b.value));
        secrets.dedup();
        assert!(
            secrets.iter().any(|s| s.value == ids.readable),
            "the readable push was used"
        );
        secrets.extend([
            planted("bearer token", mock.token()),
            planted("legacy token", &legacy_token),
            planted("text payload", TEXT),
            planted("URL payload", URL),
            planted("QR payload", QR),
            planted("file push payload", FILE_NOTE),
            planted("file content", FILE_BYTES),
            planted("readable payload", READABLE),
            planted("expiring payload", EXPIRING),
            planted("passphrase", PASSPHRASE),
            planted("wrong passphrase", WRONG_PASSPHRASE),
            planted("request passphrase", REQUEST_PASSPHRASE),
        ]);
        assert_clean(
            capture,
            &secrets,
            &["api.call", "v2CreatePush", "v2RetrievePush", "[REDACTED]"],
        );
    }
}

// ---- PushAuth ----------------------------------------------------------------------------------

mod pushauth {
    use super::*;
    use pushauth_client::mock::MockPushAuth;
    use pushauth_client::{Client, Notification, SessionStatus};

    const NOTIFICATION_PAYLOAD: &str = "pa-notification-payload-Kw2sD8fMz5Vq";

    pub(super) struct Ids {
        session: String,
    }

    fn notification() -> Notification {
        Notification {
            title: Some("Sign in to Acme?".into()),
            payload: Some(NOTIFICATION_PAYLOAD.into()),
            ..Default::default()
        }
    }

    fn operations() -> Vec<Operation<Client, Ids>> {
        vec![
            op!("sessions.create", |c, _i| c
                .sessions()
                .create("user-42")
                .notification(notification())
                .seconds_to_expire(300)),
            op!("sessions.get", |c, i| c.sessions().get(i.session.as_str())),
            op!("sessions.update", |c, i| c
                .sessions()
                .update(i.session.as_str(), SessionStatus::Canceled)),
            op!("cancel", |c, i| c.sessions().cancel(&i.session)),
            op!("cancel_with", |c, i| c
                .sessions()
                .cancel_with(&i.session, "canceled")),
            op!("wait", |c, i| c
                .sessions()
                .wait(&i.session)
                .interval(Duration::from_millis(20))
                .timeout(Duration::from_millis(300))),
            // The watch has no deadline of its own and polls on through failures: bounded here.
            call!("watch", |c, i| async move {
                let mut watch = c
                    .sessions()
                    .watch(&i.session)
                    .interval(Duration::from_millis(20));
                match tokio::time::timeout(Duration::from_secs(1), watch.next()).await {
                    Ok(Some(result)) => result.map(Some),
                    Ok(None) | Err(_) => Ok(None),
                }
            }),
        ]
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn pushauth_operations_print_and_log_no_api_key_or_notification_payload() {
        let capture = Capture::global();
        let mock = MockPushAuth::start().await.expect("mock starts");
        mock.register_device("user-42");
        let direct = Client::builder()
            .base_url(mock.base_url())
            .api_key(mock.api_key())
            .build()
            .expect("client builds");
        let session = direct
            .sessions()
            .create("user-42")
            .notification(notification())
            .await
            .expect("the mock creates a session");
        let ids = Arc::new(Ids {
            session: session.id.clone(),
        });
        let proxy = ChaosProxy::start(
            mock.base_url(),
            ChaosConfig::new(0x9a).slow_delay(SLOW_DELAY),
        )
        .await
        .expect("proxy starts");
        let client = Client::builder()
            .base_url(proxy.base_url())
            .api_key(mock.api_key())
            .attempt_timeout(ATTEMPT_TIMEOUT)
            .retry_policy(RetryPolicy::no_retries())
            .clock(Clock::tokio().with_rng_seed(3))
            .build()
            .expect("client builds");
        capture.record("client", format_args!("{client:?}"));
        run_rounds(capture, &proxy, &client, &ids, &operations()).await;

        let refused = Client::builder()
            .base_url(mock.base_url())
            .api_key("pa-refused-key-Tq6wB1nHc7Ld")
            .build()
            .expect("client builds");
        let result = refused.sessions().get(ids.session.as_str()).await;
        assert!(result.is_err(), "an unknown key is refused");
        for line in render_call(format!("{refused:?}"), &result) {
            capture.record("get_session refused", line);
        }

        let secrets = [
            planted("PushAuth API key", mock.api_key()),
            planted("refused API key", "pa-refused-key-Tq6wB1nHc7Ld"),
            planted("notification payload", NOTIFICATION_PAYLOAD),
        ];
        assert_clean(
            capture,
            &secrets,
            &["api.call", "createSession", "[REDACTED]"],
        );
    }
}
