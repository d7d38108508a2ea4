//! List my active pushes, newest first, streaming across pages of 50.
//!
//! ```text
//! cargo run -p pwpush-client --features mock --example list_active
//! ```
//!
//! Set `PWPUSH_TOKEN` (and `PWPUSH_BASE_URL`) to list a real account; otherwise the example fills a
//! local mock server with a few pushes first.

use futures::TryStreamExt;
use pwpush_client::Client;
use pwpush_client::mock::MockPwPush;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut _mock = None;
    let (base_url, token, demo) = match std::env::var("PWPUSH_TOKEN") {
        Ok(token) => (
            std::env::var("PWPUSH_BASE_URL").unwrap_or_else(|_| "https://pwpush.com".to_owned()),
            token,
            false,
        ),
        Err(_) => {
            let server = MockPwPush::start().await?;
            println!(
                "PWPUSH_TOKEN is not set: using a local mock server at {}",
                server.base_url()
            );
            let triple = (
                server.base_url().to_owned(),
                server.token().to_owned(),
                true,
            );
            _mock = Some(server);
            triple
        }
    };
    let client = Client::builder()
        .base_url(&base_url)
        .bearer_token(token)
        .build()?;
    if demo {
        for name in ["database", "vpn", "wifi"] {
            client
                .pushes()
                .create_text(format!("{name} secret"))
                .name(name)
                .await?;
        }
    }

    let mut active = client.pushes().active().items();
    let mut count = 0;
    while let Some(push) = active.try_next().await? {
        count += 1;
        let number = |n: Option<i32>| n.map_or_else(|| "?".to_owned(), |n| n.to_string());
        let created = push
            .created_at
            .map_or_else(|| "?".to_owned(), |at| at.date().to_string());
        println!(
            "{:<12} views left {:>3}  days left {:>3}  created {created}",
            push.name.as_deref().unwrap_or(""),
            number(push.views_remaining),
            number(push.days_remaining),
        );
    }
    println!("{count} active pushes");
    Ok(())
}
