//! Verifies a Push Security webhook delivery: the `X-Signature` header against the raw body.
//!
//! With `PUSH_SECURITY_WEBHOOK_SECRET` set, checks a delivery you captured from Push:
//!
//! ```sh
//! PUSH_SECURITY_WEBHOOK_SECRET=psws_... cargo run -p push-security-client --features webhooks \
//!     --example verify_webhook -- 't=1700000000,v1=...' delivery-body.json
//! ```
//!
//! Without it, signs a sample event the way Push does and shows what is accepted and refused.

use push_security_client::webhooks::{SIGNATURE_HEADER, WebhookError, WebhookVerifier};
use time::OffsetDateTime;

const SAMPLE: &str = r#"{"version":"1","id":"0b7c6f4e-52c1-4bb5-9b7e-2f6a3c1d9e10","timestamp":1700000000,"category":"ENTITY","type":"CREATE","object":"ACCOUNT","new":{"id":"d6a32ba5-0532-4a66-8137-48cdf409c972","email":"john.hill@example.com","appType":"ATLASSIAN"},"old":null}"#;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    match std::env::var("PUSH_SECURITY_WEBHOOK_SECRET") {
        Ok(secret) if !secret.trim().is_empty() => verify_captured(secret.trim()),
        _ => demonstrate(),
    }
}

/// Checks a real delivery: the header value and a file holding the body exactly as received.
fn verify_captured(secret: &str) -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(header), Some(path)) = (args.next(), args.next()) else {
        return Err(
            format!("usage: verify_webhook '<{SIGNATURE_HEADER} value>' <body file>").into(),
        );
    };
    let body = std::fs::read(path)?;
    let event = WebhookVerifier::new(secret.to_owned()).verify_event(&header, &body)?;
    println!(
        "valid delivery {}: {} {} {}",
        event.id,
        event.category,
        event.event_type.as_ref().map_or("-", |t| t.as_str()),
        event.object
    );
    Ok(())
}

/// Signs a sample event with a demo secret, then verifies it and some tampered variants.
fn demonstrate() -> Result<(), Box<dyn std::error::Error>> {
    eprintln!("PUSH_SECURITY_WEBHOOK_SECRET is not set: verifying a locally signed sample event");
    let verifier = WebhookVerifier::new("psws_demo_secret_do_not_use");
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let header = verifier.signature_header(now, SAMPLE.as_bytes())?;
    println!("{SIGNATURE_HEADER}: {header}");

    let event = verifier.verify_event(&header, SAMPLE.as_bytes())?;
    let account: Option<serde_json::Value> = event.new_as()?;
    println!(
        "accepted: {} {} {} (new account {})",
        event.category,
        event.event_type.as_ref().map_or("-", |t| t.as_str()),
        event.object,
        account
            .as_ref()
            .and_then(|a| a["email"].as_str())
            .unwrap_or("-")
    );

    // Push writes upper-case hex (as `signature_header` does); a relay may lower-case it.
    let lower = header.to_lowercase();
    report(
        "lower-case hex",
        verifier.verify(&lower, SAMPLE.as_bytes()).map(drop),
    );
    let tampered = SAMPLE.replace("john.hill", "eve");
    report(
        "tampered body",
        verifier.verify(&header, tampered.as_bytes()).map(drop),
    );
    let stale = verifier.signature_header(now - 3_600, SAMPLE.as_bytes())?;
    report(
        "an hour-old delivery",
        verifier.verify(&stale, SAMPLE.as_bytes()).map(drop),
    );
    let other = WebhookVerifier::new("psws_some_other_secret");
    report(
        "wrong secret",
        other.verify(&header, SAMPLE.as_bytes()).map(drop),
    );
    report(
        "malformed header",
        verifier.verify("v1=zz", SAMPLE.as_bytes()).map(drop),
    );
    Ok(())
}

fn report(case: &str, outcome: Result<(), WebhookError>) {
    match outcome {
        Ok(()) => println!("{case:<22} accepted"),
        Err(error) => println!("{case:<22} refused: {error}"),
    }
}
