//! Only the limits the service documents are checked before sending; everything else goes to the
//! server, and the mock accepts what the service is seen to accept.
//!
//! Evidence: the vendor reference documents `limit` as `[1 .. 50]` on the lists it covers
//! (`/work/shared/reference/push-security-rest-v1.txt`), and documents no maximum for the newer
//! detections and browser-extension lists. A public integration pages detections with `limit=200`
//! (its first version) and `limit=500` (since commit de65e55): W00glin/pushsec-trend-int,
//! `push-integration.ps1` (`$PageLimit`, `Get-PushDetections`).

mod common;

use futures::TryStreamExt;
use httpmock::{Method, MockServer};
use push_security_client::CoreError;
use push_security_client::mock::{DatasetSize, MockPushSecurity};

use common::{client_for, empty_page};

#[tokio::test]
async fn detections_are_paged_with_the_sizes_a_public_integration_sends() {
    // W00glin/pushsec-trend-int, push-integration.ps1: `limit=$PageLimit`, 200 then 500.
    let server = MockServer::start_async().await;
    let client = client_for(&server);
    for size in [200, 500] {
        let page = server
            .mock_async(|when, then| {
                when.method(Method::GET)
                    .path("/v1/detections")
                    .query_param("limit", size.to_string());
                then.status(200).json_body(empty_page());
            })
            .await;
        client.detections().list().limit(size).await.unwrap();
        page.assert_async().await;
        page.delete_async().await;
    }
}

#[tokio::test]
async fn browser_extensions_pass_a_large_limit_to_the_server() {
    // The newer vendor page for GET /v1/browserExtensions lists `limit` without a range
    // (api/push-security.md, section 7), so the client does not invent one.
    let server = MockServer::start_async().await;
    let page = server
        .mock_async(|when, then| {
            when.method(Method::GET)
                .path("/v1/browserExtensions")
                .query_param("limit", "250");
            then.status(200).json_body(empty_page());
        })
        .await;
    client_for(&server)
        .browser_extensions()
        .list()
        .limit(250)
        .await
        .unwrap();
    page.assert_async().await;
}

#[tokio::test]
async fn a_limit_above_the_documented_fifty_is_refused_before_sending_on_reference_lists() {
    // push-security-rest-v1.txt: `limit integer [ 1 .. 50 ]` on GET /v1/accounts (and its siblings).
    let server = MockServer::start_async().await;
    let anything = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).json_body(empty_page());
        })
        .await;
    let err = client_for(&server)
        .accounts()
        .list()
        .limit(51)
        .await
        .unwrap_err();
    assert!(
        matches!(err.core(), CoreError::InvalidRequest { .. }),
        "{err:?}"
    );
    assert_eq!(anything.calls_async().await, 0);
}

#[tokio::test]
async fn a_limit_below_one_is_refused_before_sending_everywhere() {
    // The family's documented minimum is 1; a page of zero or fewer objects means nothing.
    let server = MockServer::start_async().await;
    let anything = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).json_body(empty_page());
        })
        .await;
    let client = client_for(&server);
    let detections = client.detections().list().limit(0).await.unwrap_err();
    let extensions = client
        .browser_extensions()
        .list()
        .limit(-1)
        .await
        .unwrap_err();
    assert!(
        matches!(detections.core(), CoreError::InvalidRequest { .. }),
        "{detections:?}"
    );
    assert!(
        matches!(extensions.core(), CoreError::InvalidRequest { .. }),
        "{extensions:?}"
    );
    assert_eq!(anything.calls_async().await, 0);
}

#[tokio::test]
async fn the_mock_serves_a_detections_page_of_five_hundred_as_the_integration_expects() {
    // W00glin/pushsec-trend-int, push-integration.ps1 reads `result`, then follows
    // `paging.moreResults` + `paging.nextToken`; a 400 there would end its run.
    let mut size = DatasetSize::default();
    size.detections = 620;
    let mock = MockPushSecurity::builder()
        .dataset(size)
        .no_rate_limit()
        .start()
        .await
        .unwrap();
    let client = push_security_client::Client::builder()
        .base_url(mock.base_url())
        .api_key(mock.full_access_key().to_owned())
        .no_rate_limit()
        .build()
        .unwrap();
    let pages: Vec<usize> = client
        .detections()
        .list()
        .limit(500)
        .pages()
        .map_ok(|page| page.items.len())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages, [500, 120]);
    assert_eq!(mock.request_count(), 2);
}

#[tokio::test]
async fn the_mock_keeps_the_documented_maximum_on_reference_lists() {
    // push-security-rest-v1.txt documents `[1 .. 50]` for GET /v1/accounts: the mock answers 400
    // to more, so a client that skipped its own check would fail its tests.
    let mock = MockPushSecurity::builder()
        .no_rate_limit()
        .start()
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let status = |limit: &'static str| {
        let request = http
            .get(format!("{}/v1/accounts?limit={limit}", mock.base_url()))
            .header("x-api-key", mock.full_access_key());
        async move { request.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(status("50").await, 200);
    assert_eq!(status("51").await, 400);
}
