//! Webhook signature vectors. The expected MACs were computed outside this crate (Python's
//! `hmac.new(secret, b"<t>." + body, hashlib.sha256).hexdigest()`), so these tests check the
//! scheme itself, not only that signing and verifying agree with each other.
#![cfg(feature = "webhooks")]

use std::time::Duration;

use push_security_client::webhooks::{
    ActorRole, EventCategory, EventObject, EventType, WebhookError, WebhookEvent, WebhookVerifier,
};
use time::OffsetDateTime;

const SECRET: &str = "psws_test_secret";
const SIGNED_AT: i64 = 1_700_000_000;
const BODY: &str = r#"{"version":"1","id":"5c0e8f6a-1d2b-4c3d-9e8f-0a1b2c3d4e5f","timestamp":1700000000,"category":"ENTITY","type":"CREATE","object":"ACCOUNT","new":{"id":"d6a32ba5-0532-4a66-8137-48cdf409c972","email":"john.hill@example.com","appType":"ATLASSIAN"},"old":null}"#;
/// HMAC-SHA256(SECRET, "1700000000." + BODY).
const MAC: &str = "41e4b56f2c1d3e7cdbd3f88955d8eccdeb10f9d1564dbff5a35fe10ffcee262d";
/// HMAC-SHA256("psws_old_secret", "1700000000." + BODY): a signature under a rotated-out secret.
const MAC_UNDER_OLD_SECRET: &str =
    "bd4c48346403eacafbbcf3882320d973579cca430f9ff9fc9e3fd2e6851ac16c";

fn at(unix: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(unix).unwrap()
}

/// A verifier whose clock reads `seconds_after_signing` after the vector was signed.
fn verifier_at(seconds_after_signing: i64) -> WebhookVerifier {
    WebhookVerifier::new(SECRET).with_clock(move || at(SIGNED_AT + seconds_after_signing))
}

fn header(mac: &str) -> String {
    format!("t={SIGNED_AT},v1={mac}")
}

#[test]
fn valid_signature_is_accepted() {
    let parsed = verifier_at(10)
        .verify(&header(MAC), BODY.as_bytes())
        .unwrap();
    assert_eq!(parsed.timestamp(), SIGNED_AT);
}

#[test]
fn signing_matches_the_independent_vector_in_upper_case_hex_as_push_sends_it() {
    // Push's webhook docs (https://pushsecurity.redoc.ly/webhooks-v1/, "Verifying signatures")
    // show `X-Signature: t=1698349494,v1=0E01666E58BC2E6C...`: upper-case hex.
    let produced = WebhookVerifier::new(SECRET)
        .signature_header(SIGNED_AT, BODY.as_bytes())
        .unwrap();
    assert_eq!(produced, header(&MAC.to_uppercase()));
    let (_, hex) = produced.split_once(",v1=").unwrap();
    assert!(
        hex.bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()),
        "{hex}"
    );
}

#[test]
fn a_signed_header_verifies_in_either_case() {
    // Push sends upper case (webhooks-v1 docs); other signers (a relay, a test tool, Python's
    // `hexdigest()`) write lower case. Both are the same MAC.
    let verifier = verifier_at(0);
    let produced = verifier
        .signature_header(SIGNED_AT, BODY.as_bytes())
        .unwrap();
    assert!(verifier.verify(&produced, BODY.as_bytes()).is_ok());
    assert!(
        verifier
            .verify(&produced.to_lowercase(), BODY.as_bytes())
            .is_ok()
    );
}

#[test]
fn wrong_secret_is_a_mismatch() {
    let verifier = WebhookVerifier::new("psws_other_secret").with_clock(|| at(SIGNED_AT));
    let err = verifier.verify(&header(MAC), BODY.as_bytes()).unwrap_err();
    assert!(matches!(err, WebhookError::SignatureMismatch), "{err:?}");
}

#[test]
fn tampered_body_is_a_mismatch() {
    let tampered = BODY.replace("john.hill", "eve.hill");
    let err = verifier_at(0)
        .verify(&header(MAC), tampered.as_bytes())
        .unwrap_err();
    assert!(matches!(err, WebhookError::SignatureMismatch), "{err:?}");
}

#[test]
fn tampered_timestamp_is_a_mismatch() {
    let err = verifier_at(0)
        .verify(&format!("t={},v1={MAC}", SIGNED_AT + 1), BODY.as_bytes())
        .unwrap_err();
    assert!(matches!(err, WebhookError::SignatureMismatch), "{err:?}");
}

#[test]
fn stale_timestamp_is_rejected_after_the_default_35_minutes() {
    let just_inside = verifier_at(35 * 60).verify(&header(MAC), BODY.as_bytes());
    assert!(just_inside.is_ok(), "{just_inside:?}");
    let err = verifier_at(35 * 60 + 1)
        .verify(&header(MAC), BODY.as_bytes())
        .unwrap_err();
    match err {
        WebhookError::TimestampTooOld { age, tolerance } => {
            assert_eq!(age, Duration::from_secs(35 * 60 + 1));
            assert_eq!(tolerance, Duration::from_secs(35 * 60));
        }
        other => panic!("expected TimestampTooOld, got {other:?}"),
    }
}

#[test]
fn future_timestamp_beyond_tolerance_is_rejected() {
    let err = verifier_at(-(35 * 60 + 5))
        .verify(&header(MAC), BODY.as_bytes())
        .unwrap_err();
    assert!(
        matches!(err, WebhookError::TimestampInFuture { ahead, .. } if ahead == Duration::from_secs(35 * 60 + 5)),
        "{err:?}"
    );
    assert!(err.is_timestamp_out_of_window());
}

#[test]
fn tolerance_is_configurable() {
    let strict = verifier_at(301).tolerance(Duration::from_secs(300));
    let err = strict.verify(&header(MAC), BODY.as_bytes()).unwrap_err();
    assert!(
        matches!(err, WebhookError::TimestampTooOld { .. }),
        "{err:?}"
    );
    let relaxed = verifier_at(7_200).tolerance(Duration::from_secs(7_200));
    assert!(relaxed.verify(&header(MAC), BODY.as_bytes()).is_ok());
}

#[test]
fn wrong_secret_on_a_stale_delivery_reports_the_mismatch_first() {
    let verifier = WebhookVerifier::new("psws_other").with_clock(|| at(SIGNED_AT + 86_400));
    let err = verifier.verify(&header(MAC), BODY.as_bytes()).unwrap_err();
    assert!(matches!(err, WebhookError::SignatureMismatch), "{err:?}");
}

#[test]
fn any_of_several_v1_values_may_match() {
    for value in [
        format!("t={SIGNED_AT},v1={MAC_UNDER_OLD_SECRET},v1={MAC}"),
        format!("t={SIGNED_AT},v1={MAC},v1={MAC_UNDER_OLD_SECRET}"),
        format!("v1={MAC_UNDER_OLD_SECRET},t={SIGNED_AT},v1={MAC}"),
    ] {
        let result = verifier_at(0).verify(&value, BODY.as_bytes());
        assert!(result.is_ok(), "{value}: {result:?}");
    }
}

#[test]
fn several_v1_values_none_matching_is_a_mismatch() {
    let value = format!(
        "t={SIGNED_AT},v1={MAC_UNDER_OLD_SECRET},v1={}",
        "00".repeat(32)
    );
    let err = verifier_at(0).verify(&value, BODY.as_bytes()).unwrap_err();
    assert!(matches!(err, WebhookError::SignatureMismatch), "{err:?}");
}

#[test]
fn upper_case_hex_is_accepted() {
    let result = verifier_at(0).verify(&header(&MAC.to_uppercase()), BODY.as_bytes());
    assert!(result.is_ok(), "{result:?}");
}

#[test]
fn mixed_case_hex_is_accepted() {
    let mixed: String = MAC
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i % 2 == 0 {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect();
    assert!(
        verifier_at(0)
            .verify(&header(&mixed), BODY.as_bytes())
            .is_ok()
    );
}

#[test]
fn malformed_headers_give_typed_errors() {
    let good_mac = MAC;
    let long = format!("t={SIGNED_AT},{}", "x=y,".repeat(2_000));
    type Expected = fn(&WebhookError) -> bool;
    let cases: Vec<(String, Expected)> = vec![
        (String::new(), |e| {
            matches!(e, WebhookError::MalformedHeader { .. })
        }),
        ("   ".into(), |e| {
            matches!(e, WebhookError::MalformedHeader { .. })
        }),
        ("garbage".into(), |e| {
            matches!(e, WebhookError::MalformedHeader { .. })
        }),
        (format!("t={SIGNED_AT};v1={good_mac}"), |e| {
            matches!(e, WebhookError::InvalidTimestamp)
        }),
        (format!("t={SIGNED_AT},,v1={good_mac}"), |e| {
            matches!(e, WebhookError::MalformedHeader { .. })
        }),
        (format!("t={SIGNED_AT},v1={good_mac},"), |e| {
            matches!(e, WebhookError::MalformedHeader { .. })
        }),
        (format!("t=1,t={SIGNED_AT},v1={good_mac}"), |e| {
            matches!(e, WebhookError::MalformedHeader { .. })
        }),
        (format!("={SIGNED_AT},v1={good_mac}"), |e| {
            matches!(e, WebhookError::MalformedHeader { .. })
        }),
        (long, |e| matches!(e, WebhookError::MalformedHeader { .. })),
        (format!("v1={good_mac}"), |e| {
            matches!(e, WebhookError::MissingTimestamp)
        }),
        (format!("t=,v1={good_mac}"), |e| {
            matches!(e, WebhookError::InvalidTimestamp)
        }),
        (format!("t=abc,v1={good_mac}"), |e| {
            matches!(e, WebhookError::InvalidTimestamp)
        }),
        (format!("t=-5,v1={good_mac}"), |e| {
            matches!(e, WebhookError::InvalidTimestamp)
        }),
        (format!("t=1.5,v1={good_mac}"), |e| {
            matches!(e, WebhookError::InvalidTimestamp)
        }),
        (format!("t=99999999999999999999999,v1={good_mac}"), |e| {
            matches!(e, WebhookError::InvalidTimestamp)
        }),
        (format!("t={SIGNED_AT}"), |e| {
            matches!(e, WebhookError::MissingSignature)
        }),
        (format!("t={SIGNED_AT},v0={good_mac}"), |e| {
            matches!(e, WebhookError::MissingSignature)
        }),
        (format!("t={SIGNED_AT},v1="), |e| {
            matches!(e, WebhookError::InvalidSignatureHex)
        }),
        (format!("t={SIGNED_AT},v1={}", "zz".repeat(32)), |e| {
            matches!(e, WebhookError::InvalidSignatureHex)
        }),
        (format!("t={SIGNED_AT},v1={}", &good_mac[..63]), |e| {
            matches!(e, WebhookError::InvalidSignatureHex)
        }),
        (format!("t={SIGNED_AT},v1={good_mac}00"), |e| {
            matches!(e, WebhookError::InvalidSignatureHex)
        }),
        (format!("t={SIGNED_AT},v1=é{}", &good_mac[2..]), |e| {
            matches!(e, WebhookError::InvalidSignatureHex)
        }),
        (
            format!(
                "t={SIGNED_AT},{}",
                format!("v1={good_mac},").repeat(17).trim_end_matches(',')
            ),
            |e| matches!(e, WebhookError::MalformedHeader { .. }),
        ),
    ];
    for (value, expected) in cases {
        let err = verifier_at(0)
            .verify(&value, BODY.as_bytes())
            .expect_err("malformed header accepted");
        assert!(expected(&err), "header {value:?} gave {err:?}");
        assert!(err.is_malformed_header(), "header {value:?} gave {err:?}");
    }
}

#[test]
fn error_messages_never_contain_the_secret_or_signature() {
    let err = WebhookVerifier::new("psws_other_secret")
        .with_clock(|| at(SIGNED_AT))
        .verify(&header(MAC), BODY.as_bytes())
        .unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("psws_"), "{shown}");
    assert!(!shown.contains(MAC), "{shown}");
}

#[test]
fn verifier_debug_redacts_the_secret() {
    let shown = format!("{:?}", WebhookVerifier::new(SECRET));
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(shown.contains("REDACTED"), "{shown}");
}

#[test]
fn verified_event_envelope_decodes() {
    let event = verifier_at(0)
        .verify_event(&header(MAC), BODY.as_bytes())
        .unwrap();
    assert_eq!(event.version.as_deref(), Some("1"));
    assert_eq!(event.id, "5c0e8f6a-1d2b-4c3d-9e8f-0a1b2c3d4e5f");
    assert_eq!(event.timestamp, at(SIGNED_AT));
    assert_eq!(event.category, EventCategory::Entity);
    assert_eq!(event.event_type, Some(EventType::Create));
    assert_eq!(event.object, EventObject::Account);
    assert_eq!(event.old, None);
    let new: serde_json::Value = event.new_as().unwrap().unwrap();
    assert_eq!(new["appType"], "ATLASSIAN");
}

#[test]
fn authentic_body_that_is_not_an_event_is_invalid_payload() {
    let body = b"[1,2,3]";
    let verifier = verifier_at(0);
    let signed = verifier.signature_header(SIGNED_AT, body).unwrap();
    let err = verifier.verify_event(&signed, body).unwrap_err();
    assert!(
        matches!(err, WebhookError::InvalidPayload { .. }),
        "{err:?}"
    );
}

#[test]
fn unknown_category_and_object_are_kept_and_reserialized_unchanged() {
    let raw = r#"{"version":1,"id":"e","timestamp":"1700000000","category":"POSTURE","object":"SHADOW_AI_TOOL","new":{"anything":[1,{"x":null}]}}"#;
    let event: WebhookEvent = serde_json::from_str(raw).unwrap();
    assert_eq!(event.version.as_deref(), Some("1"));
    assert_eq!(event.category, EventCategory::Unknown("POSTURE".into()));
    assert_eq!(event.object.as_str(), "SHADOW_AI_TOOL");
    assert_eq!(event.event_type, None);
    let again = serde_json::to_value(&event).unwrap();
    assert_eq!(again["category"], "POSTURE");
    assert_eq!(again["object"], "SHADOW_AI_TOOL");
    assert_eq!(again["new"], serde_json::json!({"anything":[1,{"x":null}]}));
}

#[test]
fn audit_event_actor_decodes() {
    let raw = r#"{"version":"1","id":"e","timestamp":1700000000,"category":"AUDIT","object":"API_KEY_ADDED",
        "friendlyName":"API key added","actor":{"source":"UI","email":"admin@example.com","sourceIpAddress":"203.0.113.9","userAgent":"Mozilla/5.0","role":"FULL_ACCESS"},
        "new":{"permissions":"FULL_ACCESS"}}"#;
    let event: WebhookEvent = serde_json::from_str(raw).unwrap();
    let actor = event.actor.unwrap();
    assert_eq!(actor.role, Some(ActorRole::FullAccess));
    assert_eq!(actor.source.as_deref(), Some("UI"));
    assert_eq!(actor.source_ip_address.as_deref(), Some("203.0.113.9"));
    assert_eq!(event.friendly_name.as_deref(), Some("API key added"));
}
