//! Push a secret, print its link, read it once as the recipient would, then expire it.
//!
//! Without credentials it runs against the in-process mock server:
//!
//! ```text
//! cargo run -p pwpush-client --features mock --example pwpush_quickstart
//! ```
//!
//! Against a real instance, set `PWPUSH_TOKEN` (and `PWPUSH_BASE_URL` for anything but pwpush.com):
//!
//! ```text
//! PWPUSH_BASE_URL=https://pwpush.example.org PWPUSH_TOKEN=... cargo run -p pwpush-client --features mock --example pwpush_quickstart
//! ```

use pwpush_client::Client;
use pwpush_client::mock::MockPwPush;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Keep the mock alive for the whole run: dropping it stops the server.
    let mut _mock = None;
    let (base_url, token) = match std::env::var("PWPUSH_TOKEN") {
        Ok(token) => {
            let base_url = std::env::var("PWPUSH_BASE_URL")
                .unwrap_or_else(|_| "https://pwpush.com".to_owned());
            println!("Using {base_url}");
            (base_url, token)
        }
        Err(_) => {
            let server = MockPwPush::start().await?;
            println!(
                "PWPUSH_TOKEN is not set: using a local mock server at {}",
                server.base_url()
            );
            let pair = (server.base_url().to_owned(), server.token().to_owned());
            _mock = Some(server);
            pair
        }
    };

    let sender = Client::builder()
        .base_url(&base_url)
        .bearer_token(token)
        .build()?;
    let push = sender
        .pushes()
        .create_text("correct horse battery staple")
        .expire_after_days(1)
        .expire_after_views(2)
        .note("created by the pwpush-client quickstart")
        .await?;
    println!("Secret link: {}", push.secret_link());
    for adjustment in &push.adjustments {
        println!("The server changed the expiry: {adjustment}");
    }

    // The recipient needs no account; their read uses up one of the two views.
    let recipient = Client::builder().base_url(&base_url).build()?;
    let read = recipient.pushes().retrieve(push.url_token()).await?;
    let secret = read
        .payload
        .as_ref()
        .map(|p| p.expose_secret())
        .unwrap_or("<expired>");
    println!(
        "The recipient read: {secret} ({:?} views left)",
        read.views_remaining
    );

    let expired = sender.pushes().expire(push.url_token()).await?;
    println!(
        "Expired by hand: expired={} deleted={:?}",
        expired.expired, expired.deleted
    );

    let after = recipient.pushes().retrieve(push.url_token()).await?;
    println!(
        "Reading again gives payload {:?}",
        after.payload.as_ref().map(|_| "<secret>")
    );
    Ok(())
}
