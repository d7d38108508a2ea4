//! Interceptors: what they add reaches the server, they see every attempt's outcome, and they can
//! neither read nor replace nor add the client's credentials.

mod transport_support;

use std::sync::{Arc, Mutex};

use api_core::{
    AttemptContext, AttemptResponse, Auth, Error, HeaderMap, HeaderName, HeaderValue, Interceptor,
    Request, RetryPolicy,
};
use httpmock::prelude::*;
use transport_support::{builder, closed_port};

/// What the recorder saw, one line per hook call.
#[derive(Default)]
struct Recorder {
    seen: Mutex<Vec<String>>,
}

impl Recorder {
    fn lines(&self) -> Vec<String> {
        self.seen.lock().map(|s| s.clone()).unwrap_or_default()
    }

    fn push(&self, line: String) {
        if let Ok(mut seen) = self.seen.lock() {
            seen.push(line);
        }
    }
}

impl Interceptor for Recorder {
    fn before_attempt(&self, attempt: &AttemptContext<'_>, headers: &mut HeaderMap) {
        let names: Vec<&str> = headers.keys().map(HeaderName::as_str).collect();
        self.push(format!(
            "before {} {} {} {} #{} headers={}",
            attempt.api(),
            attempt.operation(),
            attempt.method(),
            attempt.path_template(),
            attempt.attempt(),
            names.join(",")
        ));
        headers.insert(
            "x-correlation-id",
            HeaderValue::from_str(&format!("corr-{}", attempt.attempt())).unwrap(),
        );
    }

    fn after_response(&self, attempt: &AttemptContext<'_>, response: &AttemptResponse<'_>) {
        let request_id = response
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-");
        self.push(format!(
            "after #{} {} id={request_id}",
            attempt.attempt(),
            response.status().as_u16()
        ));
    }

    fn after_error(&self, attempt: &AttemptContext<'_>, error: &Error) {
        let kind = match error {
            Error::Transport { sent: false, .. } => "not-connected",
            Error::Transport { .. } => "transport",
            Error::Timeout { .. } => "timeout",
            _ => "other",
        };
        self.push(format!("error #{} {kind}", attempt.attempt()));
    }
}

#[tokio::test]
async fn a_header_an_interceptor_adds_reaches_the_server() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/users/7")
                .header("x-correlation-id", "corr-1");
            then.status(200).body("{}");
        })
        .await;
    let recorder = Arc::new(Recorder::default());
    let client = builder(&server.base_url())
        .interceptor(recorder.clone())
        .build()
        .unwrap();
    client
        .execute(Request::get("get_user", "/users/{id}").path_param("id", 7))
        .await
        .unwrap();
    mock.assert_async().await;
    let lines = recorder.lines();
    assert!(
        lines[0].starts_with("before example get_user GET /users/{id} #1 "),
        "{lines:?}"
    );
    assert_eq!(lines[1], "after #1 200 id=-");
}

#[tokio::test]
async fn after_response_sees_the_status_and_number_of_every_attempt() {
    let server = MockServer::start_async().await;
    let failing = server
        .mock_async(|when, then| {
            when.path("/flaky");
            then.status(503).header("x-request-id", "req-a");
        })
        .await;
    let recorder = Arc::new(Recorder::default());
    let client = builder(&server.base_url())
        .interceptor(recorder.clone())
        .retry_policy(RetryPolicy::new().max_attempts(3))
        .build()
        .unwrap();
    let err = client
        .execute(Request::get("flaky", "/flaky"))
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    failing.assert_calls_async(3).await;

    let after: Vec<String> = recorder
        .lines()
        .into_iter()
        .filter(|l| l.starts_with("after"))
        .collect();
    assert_eq!(
        after,
        [
            "after #1 503 id=req-a",
            "after #2 503 id=req-a",
            "after #3 503 id=req-a"
        ]
    );
}

#[tokio::test]
async fn after_error_sees_each_failed_connection_attempt() {
    let recorder = Arc::new(Recorder::default());
    let client = builder(&format!("http://127.0.0.1:{}", closed_port()))
        .interceptor(recorder.clone())
        .retry_policy(RetryPolicy::new().max_attempts(2))
        .build()
        .unwrap();
    let err = client
        .execute(Request::get("nowhere", "/x"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Transport { sent: false, .. }),
        "{err:?}"
    );
    let errors: Vec<String> = recorder
        .lines()
        .into_iter()
        .filter(|l| l.starts_with("error"))
        .collect();
    assert_eq!(errors, ["error #1 not-connected", "error #2 not-connected"]);
}

/// Tries everything an interceptor could do to a credential.
struct Thief {
    saw: Mutex<Vec<String>>,
}

impl Interceptor for Thief {
    fn before_attempt(&self, _: &AttemptContext<'_>, headers: &mut HeaderMap) {
        if let Ok(mut saw) = self.saw.lock() {
            saw.extend(
                headers
                    .iter()
                    .map(|(n, v)| format!("{n}={}", v.to_str().unwrap_or("?"))),
            );
        }
        headers.insert("x-example-key", HeaderValue::from_static("forged"));
        headers.append("x-example-key", HeaderValue::from_static("forged-2"));
    }
}

#[tokio::test]
async fn an_interceptor_cannot_read_replace_or_add_the_credential() {
    const KEY: &str = "k-s3cr3t";
    let server = MockServer::start_async().await;
    let exact = server
        .mock_async(|when, then| {
            when.path("/me").header("x-example-key", KEY).header_count(
                "^x-example-key$",
                ".*",
                1usize,
            );
            then.status(200).body("{}");
        })
        .await;
    let anonymous = server
        .mock_async(|when, then| {
            when.path("/public").header_missing("x-example-key");
            then.status(200).body("{}");
        })
        .await;
    let thief = Arc::new(Thief {
        saw: Mutex::new(Vec::new()),
    });
    let client = builder(&server.base_url())
        .auth(Auth::api_key("x-example-key", KEY))
        .interceptor(thief.clone())
        .build()
        .unwrap();

    client.execute(Request::get("me", "/me")).await.unwrap();
    // On an anonymous call the auth header name stays protected too: nothing forged goes out.
    client
        .execute(Request::get("public", "/public").anonymous())
        .await
        .unwrap();

    exact.assert_async().await;
    anonymous.assert_async().await;
    let saw = thief.saw.lock().map(|s| s.join(" ")).unwrap_or_default();
    assert!(!saw.contains(KEY), "{saw}");
    assert!(!saw.contains("x-example-key"), "{saw}");
}

#[tokio::test]
async fn interceptors_run_in_the_order_added_and_see_each_others_headers() {
    struct Set(&'static str);
    impl Interceptor for Set {
        fn before_attempt(&self, _: &AttemptContext<'_>, headers: &mut HeaderMap) {
            let previous = headers
                .get("x-chain")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned();
            let chained = format!("{previous}{}", self.0);
            headers.insert("x-chain", HeaderValue::from_str(&chained).unwrap());
        }
    }
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/c").header("x-chain", "ab");
            then.status(204);
        })
        .await;
    let client = builder(&server.base_url())
        .interceptor(Arc::new(Set("a")))
        .interceptor(Arc::new(Set("b")))
        .build()
        .unwrap();
    client.execute(Request::post("c", "/c")).await.unwrap();
    mock.assert_async().await;
}
