//! Error kinds never depend on the language of the message. Password Pusher translates its
//! messages per request (pglombardo/PasswordPusher `app/controllers/concerns/set_locale.rb`:
//! `?locale`, the user's preference, `Accept-Language`, the instance default), so each kind is
//! decided from the status, the body's structure and the operation; the text is only carried.
//!
//! The translated bodies are the server's own strings, from
//! `config/locales/gettext/{de,fr,ja,es}/app.po` at commit df07d894 (version 2.11.4).

mod common;

use std::time::Duration;

use api_core::{HeaderName, HeaderValue, RetryPolicy};
use common::{TestResult, builder, owner, server, server_with};
use pwpush_client::mock::{Fault, MockOptions, MockPwPush};
use pwpush_client::{Client, PwPushError};
use serde_json::json;

/// A client that would retry anything retryable, so a test can see that it did not.
fn retrying(server: &MockPwPush) -> Result<Client, pwpush_client::Error> {
    builder(server)
        .bearer_token(server.token())
        .retry_policy(
            RetryPolicy::new()
                .max_attempts(4)
                .backoff(Duration::from_millis(1), Duration::from_millis(2)),
        )
        .build()
}

fn error_body(message: &str) -> String {
    json!({ "error": message }).to_string()
}

fn count(server: &MockPwPush, method: &str, path_fragment: &str) -> usize {
    server
        .requests()
        .iter()
        .filter(|r| r.method == method && r.path.contains(path_fragment))
        .count()
}

/// "Too many passphrase attempts. Please try again in a minute." (`rate_limit ... only: :show`
/// in `app/controllers/api/v1/pushes_controller.rb`).
const PASSPHRASE_LIMIT: [&str; 5] = [
    "Too many passphrase attempts. Please try again in a minute.",
    "Zu viele Versuche, das Passwort einzugeben. Bitte versuchen Sie es in einer Minute erneut.",
    "Trop de tentatives de saisie du mot de passe. Veuillez réessayer dans une minute.",
    "パスフレーズの入力回数が多すぎます。1分ほどお待ちください。",
    "Se han intentado demasiadas veces introducir la contraseña. Inténtalo de nuevo en un minuto.",
];

/// "Too many email notification requests. Please try again in a minute." (`rate_limit ... only:
/// :notify_emails` in `app/controllers/api/v2/pushes_controller.rb`).
const NOTIFICATION_LIMIT: [&str; 5] = [
    "Too many email notification requests. Please try again in a minute.",
    "Es liegen zu viele E-Mail-Benachrichtigungsanfragen vor. Bitte versuchen Sie es in einer Minute erneut.",
    "Trop de demandes de notification par courriel. Veuillez réessayer dans une minute.",
    "メール通知リクエストが多すぎます。しばらくしてからもう一度お試しください。",
    "Se han recibido demasiadas solicitudes de notificación por correo electrónico. Inténtelo de nuevo en un minuto.",
];

/// "That push doesn't belong to you." (`#audit`, `#notify_emails`).
const NOT_YOURS: [&str; 5] = [
    "That push doesn't belong to you.",
    "Dieser Push gehört nicht Ihnen.",
    "Cette publication ne vous appartient pas.",
    "そのプッシュはあなたのものではありません。",
    "Ese enlace no te pertenece.",
];

/// "That push is not deletable by viewers." (`#destroy`).
const NOT_DELETABLE: [&str; 5] = [
    "That push is not deletable by viewers.",
    "Dieser Push kann von Betrachtern nicht gelöscht werden.",
    "Cette publication ne peut pas être supprimée par l'utilisateur",
    "そのプッシュは、閲覧者が削除することはできません。",
    "Los espectadores no pueden borrar ese enlace.",
];

/// "Two-factor authentication is required. Please set it up to continue."
/// (`app/controllers/concerns/enforce_required_mfa.rb`).
const MFA_REQUIRED: [&str; 5] = [
    "Two-factor authentication is required. Please set it up to continue.",
    "Die Zwei-Faktor-Authentifizierung ist erforderlich. Bitte richten Sie diese ein, um fortzufahren.",
    "L'authentification à deux facteurs est requise. Veuillez la configurer pour continuer.",
    "二段階認証が必要です。設定を完了してから続行してください。",
    "Se requiere autenticación de dos factores. Configúrela para continuar.",
];

/// "Payload is required." (`Push#check_payload_for_text` in `app/models/push.rb`).
const PAYLOAD_REQUIRED: [&str; 5] = [
    "Payload is required.",
    "Nutzlast ist erforderlich.",
    "Une charge utile est requise.",
    "ペイロードが必要です。",
    "Se requiere carga útil.",
];

#[tokio::test]
async fn passphrase_limit_in_any_language_is_typed_and_not_retried() -> TestResult {
    for message in PASSPHRASE_LIMIT {
        let server = server().await;
        let client = retrying(&server)?;
        let push = client.pushes().create_text("s").passphrase("asdf").await?;
        server.inject(
            Fault::raw_json(429, error_body(message)).on_path_containing("/api/v2/pushes/"),
        );
        let Err(error) = client
            .pushes()
            .retrieve(push.url_token())
            .passphrase("asdf")
            .await
        else {
            return Err("the limit must reach the caller".into());
        };
        assert!(
            error.is_too_many_passphrase_attempts(),
            "{message}: {error}"
        );
        assert_eq!(error.detail().and_then(PwPushError::message), Some(message));
        assert!(!error.is_retryable(), "{message}");
        assert_eq!(error.retry_after(), None);
        assert_eq!(count(&server, "GET", "/api/v2/pushes/"), 1, "{message}");
    }
    Ok(())
}

/// The mock's own limit (5 attempts a minute per push, right ones included): the sixth attempt
/// is answered at once, and the retrying client sends it exactly once.
#[tokio::test]
async fn passphrase_limit_of_the_mock_is_not_retried() -> TestResult {
    let server = server().await;
    let client = retrying(&server)?;
    let push = client.pushes().create_text("s").passphrase("asdf").await?;
    for _ in 0..5 {
        client
            .pushes()
            .retrieve(push.url_token())
            .passphrase("wrong")
            .await
            .err()
            .ok_or("a wrong passphrase must be refused")?;
    }
    let Err(error) = client
        .pushes()
        .retrieve(push.url_token())
        .passphrase("asdf")
        .await
    else {
        return Err("the sixth attempt must be refused".into());
    };
    assert!(error.is_too_many_passphrase_attempts());
    assert_eq!(count(&server, "GET", "/api/v2/pushes/"), 6);
    Ok(())
}

#[tokio::test]
async fn notification_limit_in_any_language_is_typed_and_not_retried() -> TestResult {
    for message in NOTIFICATION_LIMIT {
        let server = server().await;
        let client = retrying(&server)?;
        let push = client.pushes().create_text("s").await?;
        server
            .inject(Fault::raw_json(429, error_body(message)).on_path_containing("/notify_emails"));
        let Err(error) = client
            .pushes()
            .notify_emails(push.url_token(), "a@example.com")
            .await
        else {
            return Err("the limit must reach the caller".into());
        };
        assert!(
            matches!(
                error.detail(),
                Some(PwPushError::TooManyNotifications { .. })
            ),
            "{message}: {error}"
        );
        assert!(!error.is_retryable());
        assert_eq!(count(&server, "POST", "/notify_emails"), 1, "{message}");
    }
    Ok(())
}

#[tokio::test]
async fn ownership_refusal_in_any_language_is_forbidden() -> TestResult {
    for message in NOT_YOURS {
        let server = server().await;
        let client = owner(&server);
        let push = client.pushes().create_text("s").await?;
        server.inject(Fault::raw_json(403, error_body(message)).on_path_containing("/audit"));
        let Err(error) = client.pushes().audit(push.url_token()).send().await else {
            return Err("the refusal must reach the caller".into());
        };
        assert!(
            matches!(error.detail(), Some(PwPushError::Forbidden { message: m }) if m == message),
            "{message}: {error}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn mfa_refusal_in_any_language_is_mfa_required() -> TestResult {
    for message in MFA_REQUIRED {
        let server = server().await;
        let client = owner(&server);
        client.api_version().await?;
        server
            .inject(Fault::raw_json(403, error_body(message)).on_path_containing("/pushes/active"));
        let Err(error) = client.pushes().active().send().await else {
            return Err("the refusal must reach the caller".into());
        };
        assert!(
            matches!(error.detail(), Some(PwPushError::MfaRequired { .. })),
            "{message}: {error}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn not_deletable_in_any_language_is_typed() -> TestResult {
    for message in NOT_DELETABLE {
        let server = server().await;
        let client = owner(&server);
        let push = client.pushes().create_text("s").await?;
        server.inject(
            Fault::raw_json(401, error_body(message)).on_path_containing("/api/v2/pushes/"),
        );
        let Err(error) = client.pushes().expire(push.url_token()).await else {
            return Err("the refusal must reach the caller".into());
        };
        assert!(
            matches!(error.detail(), Some(PwPushError::NotDeletable { .. })),
            "{message}: {error}"
        );
        assert!(!error.is_unauthenticated());
    }
    Ok(())
}

/// The passphrase answer is the only 401 with `message` and `status` beside `error`
/// (`Api::V1::PushesController#show`); its shape decides, whatever the words.
#[tokio::test]
async fn passphrase_refusal_is_told_by_its_shape_not_its_words() -> TestResult {
    let server = server().await;
    let client = owner(&server);
    let push = client.pushes().create_text("s").passphrase("asdf").await?;
    let body = json!({
        "error": "Das ist falsch.",
        "message": "Bitte geben Sie die Passphrase an.",
        "status": "unauthorized",
    });
    server.inject(Fault::raw_json(401, body.to_string()).on_path_containing("/api/v2/pushes/"));
    let Err(error) = client.pushes().retrieve(push.url_token()).await else {
        return Err("the refusal must reach the caller".into());
    };
    assert!(error.is_passphrase_incorrect(), "{error}");
    Ok(())
}

#[tokio::test]
async fn validation_messages_in_any_language_keep_their_fields() -> TestResult {
    for message in PAYLOAD_REQUIRED {
        let server = server().await;
        let client = owner(&server);
        client.api_version().await?;
        let body = json!({ "payload": [message] });
        server.inject(Fault::raw_json(422, body.to_string()).on_path_containing("/api/v2/pushes"));
        let Err(error) = client.pushes().create_text("s").await else {
            return Err("the refusal must reach the caller".into());
        };
        let Some(PwPushError::Validation { fields }) = error.detail() else {
            return Err(format!("{message}: expected a validation error, got {error}").into());
        };
        assert_eq!(fields.get("payload"), Some(&vec![message.to_owned()]));
    }
    Ok(())
}

/// The official CLI treats a 403 that asks to wait as a throttle (pglombardo/pwpush-cli
/// `pwpush/api/client.py#is_rate_limit_error`); the header decides, not the wording.
#[tokio::test]
async fn forbidden_that_asks_to_wait_is_throttled_and_retried() -> TestResult {
    let server = server().await;
    let client = retrying(&server)?;
    client.api_version().await?;
    server.inject(
        Fault::raw_json(403, error_body("Ratenbegrenzung überschritten"))
            .retry_after(0)
            .on_path_containing("/pushes/active"),
    );
    let pushes = client.pushes().active().send().await?;
    assert!(pushes.is_empty());
    assert_eq!(count(&server, "GET", "/pushes/active"), 2);
    Ok(())
}

/// With the mock's two-factor setting, every authenticated call gets the MFA answer.
#[tokio::test]
async fn mfa_answer_of_the_mock_is_mfa_required_on_every_operation() -> TestResult {
    let server = server_with(MockOptions {
        require_mfa: true,
        ..MockOptions::default()
    })
    .await;
    let client = owner(&server);
    let Err(error) = client.pushes().create_text("s").await else {
        return Err("the refusal must reach the caller".into());
    };
    assert!(matches!(
        error.detail(),
        Some(PwPushError::MfaRequired { .. })
    ));
    Ok(())
}

/// A client of `user_token` that asks for `language`, as a browser-like caller would.
fn speaking(
    server: &MockPwPush,
    user_token: &str,
    language: &'static str,
) -> Result<Client, pwpush_client::Error> {
    builder(server)
        .bearer_token(user_token)
        .retry_policy(
            RetryPolicy::new()
                .max_attempts(4)
                .backoff(Duration::from_millis(1), Duration::from_millis(2)),
        )
        .default_header(
            HeaderName::from_static("accept-language"),
            HeaderValue::from_static(language),
        )
        .build()
}

/// The mock answers in the language `Accept-Language` asks for, as `set_locale.rb` does, and
/// every kind holds in each: the passphrase limit (not retried), the owner check, the viewer's
/// expire refusal and the notification limit.
#[tokio::test]
async fn mock_answers_in_the_callers_language_and_every_kind_holds() -> TestResult {
    for (index, language) in ["de-DE,de;q=0.9", "fr", "ja", "es-ES"]
        .into_iter()
        .enumerate()
    {
        let server = server().await;
        let token = server.token().to_owned();
        let owner = speaking(&server, &token, language)?;
        let push = owner
            .pushes()
            .create_text("s")
            .passphrase("asdf")
            .deletable_by_viewer(false)
            .await?;

        let stranger_token = server.add_user("stranger@example.com");
        let stranger = speaking(&server, &stranger_token, language)?;
        let Err(refused) = stranger.pushes().audit(push.url_token()).send().await else {
            return Err("a stranger's audit must be refused".into());
        };
        assert!(
            matches!(refused.detail(), Some(PwPushError::Forbidden { message }) if *message == NOT_YOURS[index + 1]),
            "{language}: {refused}"
        );
        let Err(refused) = stranger.pushes().expire(push.url_token()).await else {
            return Err("a stranger's expire must be refused".into());
        };
        assert!(
            matches!(refused.detail(), Some(PwPushError::NotDeletable { message }) if *message == NOT_DELETABLE[index + 1]),
            "{language}: {refused}"
        );

        for _ in 0..5 {
            let _ = stranger
                .pushes()
                .retrieve(push.url_token())
                .passphrase("wrong")
                .await;
        }
        let Err(limited) = stranger
            .pushes()
            .retrieve(push.url_token())
            .passphrase("asdf")
            .await
        else {
            return Err("the sixth attempt must be refused".into());
        };
        assert!(
            limited.is_too_many_passphrase_attempts(),
            "{language}: {limited}"
        );
        assert_eq!(
            limited.detail().and_then(PwPushError::message),
            Some(PASSPHRASE_LIMIT[index + 1])
        );
        let read_path = format!("/api/v2/pushes/{}", push.url_token());
        let reads = server
            .requests()
            .iter()
            .filter(|r| r.method == "GET" && r.path == read_path)
            .count();
        assert_eq!(reads, 6, "{language}");

        for _ in 0..5 {
            owner
                .pushes()
                .notify_emails(push.url_token(), "a@example.com")
                .await?;
        }
        let Err(limited) = owner
            .pushes()
            .notify_emails(push.url_token(), "a@example.com")
            .await
        else {
            return Err("the sixth notification must be refused".into());
        };
        assert!(
            matches!(limited.detail(), Some(PwPushError::TooManyNotifications { message }) if *message == NOTIFICATION_LIMIT[index + 1]),
            "{language}: {limited}"
        );
        assert_eq!(count(&server, "POST", "/notify_emails"), 6, "{language}");
    }
    Ok(())
}
