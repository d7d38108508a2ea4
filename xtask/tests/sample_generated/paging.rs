//! `pages()` / `items()` in each paging style.

use futures::TryStreamExt;
use httpmock::Method::GET;
use httpmock::MockServer;

use crate::support::{notes, pet_json, pets};

#[tokio::test]
async fn offset_listing_follows_paging_next_until_more_results_is_false() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/pets")
                .query_param("offset", "0")
                .query_param("limit", "2");
            then.status(200).json_body(serde_json::json!({
                "result": [pet_json("p1"), pet_json("p2")],
                "paging": {"moreResults": true, "next": "2"}
            }));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/pets")
                .query_param("offset", "2")
                .query_param("limit", "2");
            then.status(200).json_body(serde_json::json!({
                "result": [pet_json("p3")],
                "paging": {"moreResults": false}
            }));
        })
        .await;
    let ids: Vec<String> = pets(&server)
        .list_pets()
        .limit(2)
        .items()
        .map_ok(|pet| pet.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["p1", "p2", "p3"]);
    first.assert_async().await;
    second.assert_async().await;
}

#[tokio::test]
async fn token_listing_sends_no_token_first_and_stops_without_one() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/pets/scan")
                .query_param_missing("nextToken");
            then.status(200)
                .json_body(serde_json::json!({"items": [pet_json("p1")], "nextToken": "abc"}));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/pets/scan")
                .query_param("nextToken", "abc");
            then.status(200)
                .json_body(serde_json::json!({"items": [pet_json("p2")], "nextToken": null}));
        })
        .await;
    let pages: Vec<_> = pets(&server)
        .scan_pets()
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
    first.assert_async().await;
    second.assert_async().await;
}

#[tokio::test]
async fn offset_token_listing_prefers_the_token_and_never_sends_both() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/pets/feed")
                .query_param("limit", "25")
                .query_param_missing("offset")
                .query_param_missing("nextToken");
            then.status(200).json_body(serde_json::json!({
                "result": [pet_json("p1")],
                "paging": {"moreResults": true, "next": "1", "nextToken": "tok-2"}
            }));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/pets/feed")
                .query_param("nextToken", "tok-2")
                .query_param_missing("offset");
            then.status(200).json_body(serde_json::json!({
                "result": [pet_json("p2")],
                "paging": {"moreResults": true, "next": "2"}
            }));
        })
        .await;
    let third = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/pets/feed")
                .query_param("offset", "2")
                .query_param_missing("nextToken");
            then.status(200).json_body(serde_json::json!({
                "result": [pet_json("p3")],
                "paging": {"moreResults": false}
            }));
        })
        .await;
    let ids: Vec<String> = pets(&server)
        .pet_feed()
        .items()
        .map_ok(|pet| pet.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["p1", "p2", "p3"]);
    first.assert_async().await;
    second.assert_async().await;
    third.assert_async().await;
}

#[tokio::test]
async fn page_listing_is_anonymous_and_stops_on_a_short_page() {
    let server = MockServer::start_async().await;
    let full: Vec<serde_json::Value> = (0..20).map(|id| serde_json::json!({"id": id})).collect();
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/notes")
                .query_param("page", "1")
                .header_missing("x-api-key");
            then.status(200).json_body(serde_json::Value::Array(full));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/notes")
                .query_param("page", "2")
                .header_missing("x-api-key");
            then.status(200).json_body(serde_json::json!([{"id": 20}]));
        })
        .await;
    let all: Vec<_> = notes(&server)
        .list_notes()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 21);
    first.assert_async().await;
    second.assert_async().await;
}

#[tokio::test]
async fn invalid_paging_parameter_fails_the_stream_before_any_request() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200)
                .json_body(serde_json::json!({"result": []}));
        })
        .await;
    let result: Result<Vec<_>, _> = pets(&server)
        .list_pets()
        .offset(-1)
        .items()
        .try_collect()
        .await;
    let err = result.unwrap_err();
    assert!(
        err.to_string().contains("`offset` must be at least 0"),
        "{err}"
    );
    assert_eq!(mock.calls_async().await, 0);
}

#[tokio::test]
async fn offset_listing_follows_a_next_sent_as_a_number() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(GET).path("/pets").query_param("offset", "0");
            then.status(200).json_body(serde_json::json!({
                "result": [pet_json("p1"), pet_json("p2")],
                "paging": {"moreResults": true, "next": 3}
            }));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET).path("/pets").query_param("offset", "3");
            then.status(200).json_body(serde_json::json!({
                "result": [pet_json("p4")], "paging": {"moreResults": false}
            }));
        })
        .await;
    let ids: Vec<String> = pets(&server)
        .list_pets()
        .limit(2)
        .items()
        .map_ok(|pet| pet.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["p1", "p2", "p4"]);
    first.assert_async().await;
    second.assert_async().await;
}

#[tokio::test]
async fn offset_listing_reads_a_bare_list_where_an_envelope_is_documented() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(GET).path("/pets").query_param("offset", "0");
            then.status(200)
                .json_body(serde_json::json!([pet_json("p1"), pet_json("p2")]));
        })
        .await;
    // A bare list carries no paging fields: the next offset is the items received, and an empty
    // page ends the listing.
    let second = server
        .mock_async(|when, then| {
            when.method(GET).path("/pets").query_param("offset", "2");
            then.status(200).body(" []");
        })
        .await;
    let ids: Vec<String> = pets(&server)
        .list_pets()
        .limit(2)
        .items()
        .map_ok(|pet| pet.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["p1", "p2"]);
    first.assert_async().await;
    second.assert_async().await;
}

#[tokio::test]
async fn offset_token_listing_claiming_more_with_nothing_to_follow_ends_with_listing_incomplete() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/pets/feed")
                .query_param_missing("nextToken");
            then.status(200).json_body(serde_json::json!({
                "result": [pet_json("p1")], "paging": {"moreResults": true, "nextToken": "t1"}
            }));
        })
        .await;
    // After a token page, only a token or an offset named by the server can continue.
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/pets/feed")
                .query_param("nextToken", "t1");
            then.status(200).json_body(serde_json::json!({
                "result": [pet_json("p2")], "paging": {"moreResults": true}
            }));
        })
        .await;
    let results: Vec<_> = futures::StreamExt::collect(pets(&server).pet_feed().items()).await;
    let ids: Vec<&str> = results
        .iter()
        .filter_map(|r| r.as_ref().ok().map(|pet| pet.id.as_str()))
        .collect();
    assert_eq!(ids, ["p1", "p2"], "every record read is yielded first");
    match results.last() {
        Some(Err(api_core::Error::ListingIncomplete(evidence))) => {
            assert_eq!(evidence.operation, "petFeed");
            assert_eq!(evidence.page_index, 1);
            assert!(
                evidence.snippet.contains(r#""moreResults":true"#),
                "{}",
                evidence.snippet
            );
        }
        other => panic!("expected ListingIncomplete, got {other:?}"),
    }
    first.assert_async().await;
    second.assert_async().await;
}
