//! Request shapes: method, path, query, headers and body of the generated builders, and the checks
//! made before anything is sent.

use httpmock::Method::{DELETE, GET, PATCH, POST};
use httpmock::MockServer;

use crate::generated::models::{FilePart, PetKind};
use crate::support::{API_KEY, auth, pet_json, pets};

#[tokio::test]
async fn path_parameter_is_percent_encoded_as_one_segment() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/pets/a%2Fb");
            then.status(200).json_body(pet_json("a/b"));
        })
        .await;
    let pet = pets(&server).get_pet("a/b").await.unwrap();
    assert_eq!(pet.id, "a/b");
    mock.assert_async().await;
}

#[tokio::test]
async fn empty_path_parameter_is_refused_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).json_body(pet_json("x"));
        })
        .await;
    let err = pets(&server).get_pet("").await.unwrap_err();
    assert!(
        matches!(err, api_core::Error::InvalidRequest { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("`id`"), "{err}");
    assert_eq!(mock.calls_async().await, 0);
}

#[tokio::test]
async fn query_parameters_are_sent_as_the_spec_says() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/pets")
                .query_param("kind", "cat")
                .query_param("tags", "old,calm")
                .query_param("bornAfter", "1700000000")
                .query_param("limit", "10")
                .query_param_missing("offset")
                .header("X-Trace", "t-1")
                .header("x-api-key", API_KEY);
            then.status(200)
                .json_body(serde_json::json!({"result": []}));
        })
        .await;
    let born_after = api_core::OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap();
    let page = pets(&server)
        .list_pets()
        .kind(PetKind::Cat)
        .tags(["old", "calm"])
        .born_after(born_after)
        .limit(10)
        .x_trace("t-1")
        .await
        .unwrap();
    assert!(page.result.is_empty());
    mock.assert_async().await;
}

#[tokio::test]
async fn limits_are_checked_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200)
                .json_body(serde_json::json!({"result": []}));
        })
        .await;
    let too_big = pets(&server).list_pets().limit(51).await.unwrap_err();
    assert!(
        too_big.to_string().contains("`limit` must be at most 50"),
        "{too_big}"
    );
    let too_many = pets(&server)
        .list_pets()
        .tags(["a", "b", "c", "d", "e", "f"])
        .await
        .unwrap_err();
    assert!(too_many.to_string().contains("`tags`"), "{too_many}");
    let empty_name = pets(&server).create("", PetKind::Dog).await.unwrap_err();
    assert!(
        empty_name.to_string().contains("`name` must not be empty"),
        "{empty_name}"
    );
    let old = pets(&server)
        .create("Rex", "dog")
        .age(101)
        .await
        .unwrap_err();
    assert!(
        old.to_string().contains("`age` must be at most 100"),
        "{old}"
    );
    assert_eq!(mock.calls_async().await, 0);
}

#[tokio::test]
async fn json_body_holds_required_arguments_and_set_options_only() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/pets").json_body(
                serde_json::json!({"kind": "hamster", "name": "Rex", "microchip": "chip-1"}),
            );
            then.status(201).json_body(pet_json("p1"));
        })
        .await;
    let pet = pets(&server)
        .create("Rex", "hamster")
        .microchip("chip-1")
        .await
        .unwrap();
    assert_eq!(pet.id, "p1");
    mock.assert_async().await;
}

#[tokio::test]
async fn tristate_setter_sends_null_to_clear() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/pets/p1")
                .json_body(serde_json::json!({"nickname": null, "name": "Max"}));
            then.status(200).json_body(pet_json("p1"));
        })
        .await;
    pets(&server)
        .update_pet("p1")
        .nickname(None)
        .name("Max")
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn tristate_setter_sends_a_value_to_set() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/pets/p1")
                .json_body(serde_json::json!({"nickname": "Rexy"}));
            then.status(200).json_body(pet_json("p1"));
        })
        .await;
    pets(&server)
        .update_pet("p1")
        .nickname("Rexy")
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn idempotent_patch_is_retried_after_a_503() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH).path("/pets/p1");
            then.status(503);
        })
        .await;
    let policy = api_core::RetryPolicy::new().max_attempts(2).backoff(
        std::time::Duration::from_millis(1),
        std::time::Duration::from_millis(2),
    );
    let err = pets(&server)
        .update_pet("p1")
        .retry_policy(policy)
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(mock.calls_async().await, 2);
}

#[tokio::test]
async fn no_content_answer_gives_unit() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE).path("/pets/p1");
            then.status(204);
        })
        .await;
    pets(&server).delete_pet("p1").await.unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn bare_string_answer_decodes_from_json_or_plain_text() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/pets/p1/name");
            then.status(200).body(r#""Rex""#);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/pets/p2/name");
            then.status(200).body("Max");
        })
        .await;
    assert_eq!(pets(&server).pet_name("p1").await.unwrap(), "Rex");
    assert_eq!(pets(&server).pet_name("p2").await.unwrap(), "Max");
}

#[tokio::test]
async fn empty_or_null_answer_decodes_to_none() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/pets/p1/owner");
            then.status(200).body("");
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/pets/p2/owner");
            then.status(200)
                .json_body(serde_json::json!({"name": "Ann"}));
        })
        .await;
    assert_eq!(pets(&server).pet_owner("p1").await.unwrap(), None);
    let owner = pets(&server).pet_owner("p2").await.unwrap();
    assert_eq!(owner.map(|o| o.name).as_deref(), Some("Ann"));
}

#[tokio::test]
async fn form_body_is_url_encoded_with_the_secret_exposed_only_on_the_wire() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/login")
                .form_urlencoded_tuple("username", "ann")
                .form_urlencoded_tuple("password", "p&w")
                .form_urlencoded_tuple("remember", "true");
            then.status(200)
                .json_body(serde_json::json!({"token": "t-1"}));
        })
        .await;
    let builder = auth(&server).login("ann", "p&w").remember(true);
    assert!(!format!("{builder:?}").contains("p&w"));
    let login = builder.await.unwrap();
    assert_eq!(login.token.expose_secret(), "t-1");
    mock.assert_async().await;
}

#[tokio::test]
async fn multipart_upload_sends_every_file_as_a_part() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/pets/p1/photo")
                .header_includes("content-type", "multipart/form-data")
                .body_includes(r#"name="photos"; filename="a.jpg""#)
                .body_includes(r#"name="photos"; filename="b.jpg""#)
                .body_includes(r#"name="caption""#);
            then.status(200).body("ignored");
        })
        .await;
    let photos = [
        FilePart::new("a.jpg", &b"AAA"[..]).content_type("image/jpeg"),
        FilePart::new("b.jpg", &b"BBB"[..]),
    ];
    pets(&server)
        .upload_photo("p1", photos)
        .caption("at the beach")
        .await
        .unwrap();
    mock.assert_async().await;
}
