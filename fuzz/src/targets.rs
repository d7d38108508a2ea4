//! The functions the fuzz targets drive. Each panics only when a property fails; decoding
//! errors are expected and ignored.
//!
//! Shared as a source file: the libFuzzer targets call it through this crate, and the workspace's
//! `tests/tests/hostile_responses.rs` includes it (`#[path]`) to replay the seed corpus and to
//! drive it from proptest on the stable toolchain.

use serde::de::IgnoredAny;

/// Decodes `data` as each listed model; counts the models that accepted it. Invalid JSON must be
/// refused by every model: a lenient decoder that accepted it would be reading garbage.
macro_rules! decode_each {
    ($data:expr; $($model:ty),+ $(,)?) => {{
        let data: &[u8] = $data;
        let mut accepted = 0usize;
        $( if serde_json::from_slice::<$model>(data).is_ok() { accepted += 1; } )+
        if accepted > 0 {
            assert!(
                serde_json::from_slice::<IgnoredAny>(data).is_ok(),
                "a model accepted a body that is not valid JSON"
            );
        }
        accepted
    }};
}

/// Every model of `push-security-client`.
pub fn decode_push_security(data: &[u8]) -> usize {
    use push_security_client::models::*;
    decode_each!(data;
        Account, AccountList, AccountUsage, AccountUsageList, App, AppBanner, AppBannerList,
        AppBannerMode, AppList, ApprovalStatus, BlockedUrlList, Browser, BrowserExtension,
        BrowserExtensionList, BrowserList, BrowserType, CreateBlockedUrlRequest, DeletedObject,
        Detection, DetectionEvent, DetectionList, DetectionResponse, DetectionSeverity,
        DetectionType, Employee, EmployeeList, ErrorBody, ErrorStatus, ExtensionDeploymentMode,
        Finding, FindingList, FindingState, FindingType, LoginMethods, MfaMethod, OsType,
        OtherAccount, OtherAccountList, OtherAccountLoginMethods, OtherApp, OtherAppList, Paging,
        SensitivityLevel, SetAppBannerRequest, TokenType, UpdateAppRequest, UpdateEmployeeRequest,
        WeakPasswordReason,
        push_security_client::webhooks::WebhookEvent,
    )
}

/// Every model of `pwpush-client` that is read from JSON.
pub fn decode_pwpush(data: &[u8]) -> usize {
    use pwpush_client::models::*;
    decode_each!(data;
        Account, AccountUser, AuditEvent, AuditKind, CreateSecretRequestBody, Edition, ErrorBody,
        FeatureToggle, Features, FileAttachmentFeatures, Message, NotifyByEmail,
        NotifyEmailsBody, NotifyStatus, Preview, Push, PushFeatures, PushFile, PushKind,
        RequestFeatures, SecretRequest, SecretRequestParams, V1AuditPage, V1CreatePushBody,
        V1CreateUrlPushBody, V1FilePushForm, V1PushParams, V1UrlPushParams, V1Version,
        V2AuditPage, V2CreatePushBody, V2FilePushForm, V2PushParams, V2Version,
    )
}

/// Every model of `pushauth-client`.
pub fn decode_pushauth(data: &[u8]) -> usize {
    use pushauth_client::models::*;
    decode_each!(data;
        CreateSessionRequest, ErrorBody, ErrorCode, Notification, Session, SessionStatus,
        UpdateSessionRequest,
    )
}

/// The webhook `X-Signature` header: `data` is the header, a newline, then the body.
///
/// Properties: parsing never panics; a header that verifies against the fixed secret was made
/// with it (the fuzzer cannot forge one); and the header the verifier itself makes for this body
/// at the header's timestamp always verifies, while one with a flipped signature digit never does.
pub fn webhook_signature(data: &[u8]) {
    use push_security_client::webhooks::{SignatureHeader, WebhookVerifier};

    const SECRET: &str = "fuzz-signing-secret";
    let split = data.iter().position(|b| *b == b'\n').unwrap_or(data.len());
    let header = String::from_utf8_lossy(&data[..split]);
    let body = data.get(split + 1..).unwrap_or_default();

    // The verifier's clock stands at the header's timestamp, or at a fixed time when the header
    // has none or one beyond what a date can hold (the signing check runs either way).
    const FALLBACK: i64 = 1_700_000_000;
    let parsed = SignatureHeader::parse(&header).map_or(FALLBACK, |h| h.timestamp());
    let (timestamp, at) = match time::OffsetDateTime::from_unix_timestamp(parsed) {
        Ok(at) => (parsed, at),
        Err(_) => (
            FALLBACK,
            time::OffsetDateTime::UNIX_EPOCH + time::Duration::seconds(FALLBACK),
        ),
    };
    let verifier = WebhookVerifier::new(SECRET).with_clock(move || at);

    if verifier.verify(&header, body).is_ok() {
        // Only the secret's own signature can match: its hex digits must be in the header
        // (in either case, with whatever spacing the parser tolerates around them).
        let genuine = verifier.signature_header(timestamp, body);
        let header = header.to_ascii_lowercase();
        assert!(
            genuine.is_ok_and(|g| g
                .split_once("v1=")
                .is_some_and(|(_, hex)| header.contains(&hex.to_ascii_lowercase()))),
            "a header verified without the verifier's own signature"
        );
    }
    let _ = verifier.verify_event(&header, body);

    if let Ok(genuine) = verifier.signature_header(timestamp, body) {
        assert!(
            verifier.verify(&genuine, body).is_ok(),
            "the verifier's own header is refused"
        );
        let forged = flip_last_digit(&genuine);
        assert!(
            verifier.verify(&forged, body).is_err(),
            "a flipped signature digit verifies"
        );
    }
}

/// The header with its last hex digit changed, so its signature no longer matches.
fn flip_last_digit(header: &str) -> String {
    let mut flipped = header.to_owned();
    match flipped.pop() {
        Some('0') => flipped.push('1'),
        Some(_) => flipped.push('0'),
        None => {}
    }
    flipped
}
