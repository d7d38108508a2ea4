//! Decoding and encoding of the generated models.

use crate::generated::models::{Login, LoginForm, Pet, PetCreate, PetKind, PetUpdate};

#[test]
fn unknown_enum_value_decodes_to_unknown_and_serializes_back_unchanged() {
    let kind: PetKind = serde_json::from_str(r#""hamster""#).unwrap();
    assert_eq!(kind, PetKind::Unknown("hamster".to_owned()));
    assert!(kind.is_unknown());
    assert_eq!(serde_json::to_string(&kind).unwrap(), r#""hamster""#);
}

#[test]
fn known_enum_value_parses_infallibly_and_prints_its_wire_form() {
    let kind: PetKind = "cat".parse().unwrap();
    assert_eq!(kind, PetKind::Cat);
    assert_eq!(kind.to_string(), "cat");
    assert_eq!(PetKind::from(String::from("bird")).as_str(), "bird");
    assert_eq!(PetKind::KNOWN, &[PetKind::Dog, PetKind::Cat, PetKind::Bird]);
}

#[test]
fn missing_optional_fields_decode_to_none() {
    let pet: Pet = serde_json::from_str(r#"{"id": "p1", "name": "Rex", "kind": "dog"}"#).unwrap();
    assert_eq!(pet.nickname, None);
    assert_eq!(pet.vaccinated, None);
    assert_eq!(pet.born_at, None);
    assert!(pet.tags.is_empty());
}

#[test]
fn unknown_fields_are_ignored() {
    let pet: Pet =
        serde_json::from_str(r#"{"id": "p1", "name": "Rex", "kind": "dog", "colour": "brown"}"#)
            .unwrap();
    assert_eq!(pet.id, "p1");
}

#[test]
fn nullable_field_decodes_null_to_none() {
    let pet: Pet =
        serde_json::from_str(r#"{"id": "p1", "name": "Rex", "kind": "dog", "nickname": null}"#)
            .unwrap();
    assert_eq!(pet.nickname, None);
}

#[test]
fn lenient_fields_accept_string_booleans_null_lists_and_loose_timestamps() {
    let pet: Pet = serde_json::from_str(
        r#"{"id": "p1", "name": "Rex", "kind": "dog", "vaccinated": "true", "tags": null,
            "bornAt": "2020-09-22T14:52:11.104-0500", "adopted": 1700000000}"#,
    )
    .unwrap();
    assert_eq!(pet.vaccinated, Some(true));
    assert!(pet.tags.is_empty());
    assert_eq!(pet.born_at.map(|t| t.unix_timestamp()), Some(1_600_804_331));
    assert_eq!(pet.adopted.map(|t| t.unix_timestamp()), Some(1_700_000_000));
}

#[test]
fn inline_object_is_its_own_model() {
    let pet: Pet = serde_json::from_str(
        r#"{"id": "p1", "name": "Rex", "kind": "dog", "licence": {"number": "L-7"}}"#,
    )
    .unwrap();
    assert_eq!(pet.licence.and_then(|l| l.number).as_deref(), Some("L-7"));
}

#[test]
fn secret_fields_are_redacted_in_debug_and_kept_in_json() {
    let login: Login = serde_json::from_str(r#"{"token": "tok-very-secret"}"#).unwrap();
    assert!(!format!("{login:?}").contains("tok-very-secret"));
    assert_eq!(login.token.expose_secret(), "tok-very-secret");
    let form = LoginForm {
        username: "ann".to_owned(),
        password: "pw-very-secret".into(),
        remember: None,
    };
    assert!(!format!("{form:?}").contains("pw-very-secret"));
}

#[test]
fn tristate_field_is_left_out_when_absent_and_null_when_cleared() {
    let untouched = PetUpdate::default();
    assert_eq!(serde_json::to_string(&untouched).unwrap(), "{}");
    let cleared = PetUpdate {
        nickname: api_core::Patch::Null,
        ..PetUpdate::default()
    };
    assert_eq!(
        serde_json::to_string(&cleared).unwrap(),
        r#"{"nickname":null}"#
    );
}

#[test]
fn answered_model_writes_every_field_with_null_for_the_absent_ones() {
    let pet: Pet = serde_json::from_str(r#"{"id": "p1", "name": "Rex", "kind": "dog"}"#).unwrap();
    let written = serde_json::to_value(&pet).unwrap();
    let fields = written.as_object().unwrap();
    assert!(fields.contains_key("licence"), "{written}");
    assert_eq!(fields["licence"], serde_json::Value::Null);
}

#[test]
fn answered_model_writes_unix_seconds_as_rfc3339_and_secrets_redacted() {
    let login: Login =
        serde_json::from_str(r#"{"token": "tok-very-secret", "expiresAt": 1700000000}"#).unwrap();
    let written = serde_json::to_string(&login).unwrap();
    assert_eq!(
        written,
        r#"{"token":"[REDACTED]","expiresAt":"2023-11-14T22:13:20Z"}"#
    );
    assert_eq!(login.token.expose_secret(), "tok-very-secret");
}

#[test]
fn request_body_stays_exact_absent_fields_left_out_and_secrets_sent() {
    let body = PetCreate {
        kind: PetKind::Dog,
        name: "Rex".to_owned(),
        microchip: Some("chip-123".into()),
        tags: None,
        age: None,
    };
    assert_eq!(
        serde_json::to_string(&body).unwrap(),
        r#"{"kind":"dog","name":"Rex","microchip":"chip-123"}"#
    );
}
