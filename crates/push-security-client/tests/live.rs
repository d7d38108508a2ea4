//! Contract tests against the real Push Security API. Opt-in: `#[ignore]`d, and each one skips
//! (with a notice) unless its environment variables are set. They only read; nothing in the
//! organisation is changed.
//!
//! ```text
//! PUSH_SECURITY_API_KEY=...                     # a read-only key is enough
//! PUSH_SECURITY_BASE_URL=https://...            # optional; default https://api.pushsecurity.com
//! cargo test -p push-security-client --test live -- --ignored --test-threads=1
//! ```
//!
//! What they settle is what the notes mark UNVERIFIED (`/work/shared/api/push-security.md`): the
//! paging fields the server really sends, whether `limit` above 50 is accepted on detections (as
//! W00glin/pushsec-trend-int, `push-integration.ps1`, relies on with 200 and 500), and the status
//! of an unknown id. Output is counts and statuses only: no key, no record content.

use futures::{StreamExt, TryStreamExt};
use push_security_client::{Client, Error};

const KEY_VAR: &str = "PUSH_SECURITY_API_KEY";
const BASE_URL_VAR: &str = "PUSH_SECURITY_BASE_URL";

/// The live client, or `None` (after saying why) when the key is not set.
fn live_client() -> Option<Client> {
    let Ok(key) = std::env::var(KEY_VAR) else {
        eprintln!("skipped: set {KEY_VAR} to run the live Push Security tests");
        return None;
    };
    let mut builder = Client::builder().api_key(key);
    if let Ok(base_url) = std::env::var(BASE_URL_VAR) {
        builder = builder.base_url(base_url);
    }
    Some(builder.build().expect("the live client builds"))
}

/// A short, secret-free description of an error for the test output.
fn describe(error: &Error) -> String {
    format!(
        "status {:?}, reason {:?}",
        error.status().map(|s| s.as_u16()),
        error.detail().and_then(|d| d.reason())
    )
}

#[tokio::test]
#[ignore = "live: needs PUSH_SECURITY_API_KEY and network access"]
async fn live_findings_list_and_fetch_by_id() {
    let Some(client) = live_client() else { return };

    let page = client
        .findings()
        .list()
        .limit(5)
        .await
        .expect("a findings page");
    eprintln!(
        "findings: {} on the first page, paging {:?}",
        page.result.len(),
        page.paging
            .as_ref()
            .map(|p| (p.more_results, p.next.is_some(), p.next_token.is_some()))
    );
    if let Some(first) = page.result.first() {
        let again = client
            .findings()
            .get(&first.id)
            .await
            .expect("the finding by id");
        assert_eq!(again.id, first.id);
    }
}

#[tokio::test]
#[ignore = "live: needs PUSH_SECURITY_API_KEY and network access"]
async fn live_accounts_stream_reads_three_pages_of_five() {
    let Some(client) = live_client() else { return };

    let pages: Vec<usize> = client
        .accounts()
        .list()
        .limit(5)
        .pages()
        .take(3)
        .map_ok(|page| page.items.len())
        .try_collect()
        .await
        .expect("three pages of accounts");
    eprintln!("accounts: page sizes {pages:?}");
    assert!(pages.iter().all(|&n| n <= 5), "{pages:?}");
}

#[tokio::test]
#[ignore = "live: needs PUSH_SECURITY_API_KEY and network access"]
async fn live_detections_accept_the_page_sizes_a_public_integration_sends() {
    let Some(client) = live_client() else { return };

    for limit in [200, 500] {
        match client.detections().list().limit(limit).await {
            Ok(page) => eprintln!(
                "detections limit={limit}: {} returned, more: {:?}",
                page.result.len(),
                page.paging.as_ref().and_then(|p| p.more_results)
            ),
            Err(error) => panic!("detections limit={limit} refused: {}", describe(&error)),
        }
    }
}

#[tokio::test]
#[ignore = "live: needs PUSH_SECURITY_API_KEY and network access"]
async fn live_unknown_account_id_is_a_client_error() {
    let Some(client) = live_client() else { return };

    let error = client
        .accounts()
        .get("00000000-0000-4000-8000-000000000000")
        .await
        .expect_err("no account has the nil-like id");
    eprintln!("unknown account: {}", describe(&error));
    assert!(
        error.status().is_some_and(|s| s.is_client_error()),
        "{}",
        describe(&error)
    );
    assert!(!error.is_retryable());
}
