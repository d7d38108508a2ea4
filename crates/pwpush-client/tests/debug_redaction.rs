//! Debug output of every request builder and response type holds no payload, passphrase, token or
//! URL token.

use pwpush_client::models::{Preview, V1PushParams, V2PushParams};
use pwpush_client::{ApiVersion, Client, CreatedPush, Error, ExpiryAdjustment, ExpiryField, Push};

const SECRETS: [&str; 5] = [
    "PAYLOAD-XYZ",
    "PASSPHRASE-XYZ",
    "TOKEN-XYZ",
    "urltokenxyz",
    "EMAIL-XYZ",
];

fn assert_clean(what: &str, debug: String) {
    for secret in SECRETS {
        assert!(!debug.contains(secret), "{what} leaks {secret}: {debug}");
    }
}

fn push() -> Result<Push, serde_json::Error> {
    serde_json::from_value(serde_json::json!({
        "url_token": "urltokenxyz",
        "html_url": "https://pwpush.test/p/urltokenxyz/r",
        "json_url": "https://pwpush.test/p/urltokenxyz/r.json",
        "payload": "PAYLOAD-XYZ",
        "passphrase": "PASSPHRASE-XYZ",
        "expired": false,
        "files": [{"filename": "a.txt", "content_type": "text/plain", "url": "https://pwpush.test/blob/urltokenxyz"}]
    }))
}

#[test]
fn responses_redact_payload_passphrase_and_url_token() -> Result<(), serde_json::Error> {
    let push = push()?;
    assert_clean("Push", format!("{push:?}"));
    let created = CreatedPush {
        push: push.clone(),
        adjustments: vec![],
    };
    assert_clean("CreatedPush", format!("{created:?}"));
    let preview: Preview =
        serde_json::from_value(serde_json::json!({"url": "https://pwpush.test/p/urltokenxyz"}))?;
    assert_clean("Preview", format!("{preview:?}"));
    let adjusted = Error::ExpiryAdjusted {
        operation: "createPush",
        push: Box::new(push),
        adjustments: vec![ExpiryAdjustment {
            field: ExpiryField::Days,
            requested: 60,
            granted: 7,
        }],
    };
    assert_clean("Error::ExpiryAdjusted", format!("{adjusted:?} {adjusted}"));
    Ok(())
}

#[test]
fn request_models_redact_payload_and_passphrase() {
    let v1 = V1PushParams {
        payload: Some("PAYLOAD-XYZ".into()),
        passphrase: Some("PASSPHRASE-XYZ".into()),
        ..V1PushParams::default()
    };
    assert_clean("V1PushParams", format!("{v1:?}"));
    let v2 = V2PushParams {
        payload: Some("PAYLOAD-XYZ".into()),
        passphrase: Some("PASSPHRASE-XYZ".into()),
        ..V2PushParams::default()
    };
    assert_clean("V2PushParams", format!("{v2:?}"));
}

#[test]
fn clients_and_every_builder_redact_their_secrets() -> Result<(), Error> {
    let bearer = Client::builder().bearer_token("TOKEN-XYZ");
    assert_clean("ClientBuilder", format!("{bearer:?}"));
    let client = bearer.api_version(ApiVersion::V2).build()?;
    assert_clean("Client", format!("{client:?}"));
    let legacy = Client::builder().legacy_token("EMAIL-XYZ", "TOKEN-XYZ");
    assert_clean("ClientBuilder (legacy)", format!("{legacy:?}"));
    assert_clean("Client (legacy)", format!("{:?}", legacy.build()?));

    let pushes = client.pushes();
    let builders = [
        format!(
            "{:?}",
            pushes
                .create_text("PAYLOAD-XYZ")
                .passphrase("PASSPHRASE-XYZ")
        ),
        format!(
            "{:?}",
            pushes
                .create_url("https://x.test/PAYLOAD-XYZ")
                .passphrase("PASSPHRASE-XYZ")
        ),
        format!("{:?}", pushes.create_qr("PAYLOAD-XYZ")),
        format!(
            "{:?}",
            pushes
                .create_file()
                .payload("PAYLOAD-XYZ")
                .passphrase("PASSPHRASE-XYZ")
                .file("f", b"PAYLOAD-XYZ".to_vec())
        ),
        format!(
            "{:?}",
            pushes.retrieve("urltokenxyz").passphrase("PASSPHRASE-XYZ")
        ),
        format!("{:?}", pushes.audit("urltokenxyz")),
        format!("{:?}", pushes.active()),
        format!(
            "{:?}",
            client.requests().create("ask").passphrase("PASSPHRASE-XYZ")
        ),
        format!(
            "{:?}",
            client
                .raw()
                .pushes_v1()
                .retrieve("urltokenxyz")
                .passphrase("PASSPHRASE-XYZ")
        ),
        format!("{:?}", client.raw().pushes_v2().expire("urltokenxyz")),
        format!("{:?}", client.raw().pushes_v2().preview("urltokenxyz")),
        format!("{:?}", client.raw().pushes_v2().audit("urltokenxyz")),
    ];
    for (index, debug) in builders.into_iter().enumerate() {
        assert_clean(&format!("builder #{index}"), debug);
    }
    Ok(())
}

#[test]
fn refusals_before_sending_do_not_repeat_the_secret() {
    let client = match Client::builder().api_version(ApiVersion::V2).build() {
        Ok(client) => client,
        Err(error) => panic!("{error}"),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    let Ok(runtime) = runtime else {
        panic!("no runtime")
    };
    let error = runtime.block_on(client.pushes().create_url("javascript:PAYLOAD-XYZ").send());
    let Err(error) = error else {
        panic!("must be refused")
    };
    assert_clean("InvalidRequest", format!("{error} {error:?}"));
    let error = runtime.block_on(client.pushes().retrieve("bad/urltokenxyz").send());
    let Err(error) = error else {
        panic!("must be refused")
    };
    assert_clean("InvalidRequest (token)", format!("{error} {error:?}"));
}
