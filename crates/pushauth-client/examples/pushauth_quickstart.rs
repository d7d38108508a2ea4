//! Send a sign-in push, wait for the answer, print the outcome.
//!
//! ```sh
//! cargo run -p pushauth-client --features mock --example pushauth_quickstart
//! ```
//!
//! Without `PUSHAUTH_API_KEY` it starts the bundled mock service and plays the user's phone itself, accepting
//! the push after a moment. With it, it talks to the real service: `PUSHAUTH_BASE_URL` overrides the host and
//! `PUSHAUTH_USER` names the user (the id your app gave the PushAuth mobile SDK).

use std::time::Duration;

use pushauth_client::mock::{Answer, MockPushAuth};
use pushauth_client::{Client, Notification, Session, WaitError};

/// How long the simulated user takes to answer.
const THINKING_TIME: Duration = Duration::from_millis(1500);

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let user = std::env::var("PUSHAUTH_USER").unwrap_or_else(|_| "user-42".to_owned());
    let (client, mock) = match std::env::var("PUSHAUTH_API_KEY") {
        Ok(key) => {
            let mut builder = Client::builder().api_key(key);
            if let Ok(base_url) = std::env::var("PUSHAUTH_BASE_URL") {
                builder = builder.base_url(base_url);
            }
            println!("Using the PushAuth service.");
            (builder.build()?, None)
        }
        Err(_) => {
            let mock = MockPushAuth::start().await?;
            mock.register_device(&user);
            println!(
                "PUSHAUTH_API_KEY is not set: using the mock service at {}.",
                mock.base_url()
            );
            (mock.client(), Some(mock))
        }
    };

    let session = client
        .sessions()
        .create(&user)
        .notification(Notification {
            title: Some("Sign in to Acme?".to_owned()),
            body: Some("Someone is signing in to your Acme account.".to_owned()),
            ..Default::default()
        })
        .seconds_to_expire(120)
        .await?;
    println!(
        "Push sent to {} device(s) of {user}; session {}.",
        session.notification_count.unwrap_or(0),
        session.id
    );

    let waiting = client
        .sessions()
        .wait(&session.id)
        .timeout(Duration::from_secs(90));
    let (outcome, phone) = tokio::join!(
        waiting.into_future(),
        play_the_phone(mock.as_ref(), &session)
    );
    phone?;

    match outcome {
        Ok(done) if done.status.is_accepted() => {
            println!(
                "Outcome: {} ({}): let them in.",
                done.status,
                done.detail.as_deref().unwrap_or("no detail")
            );
        }
        Ok(done) => println!("Outcome: {}: do not let them in.", done.status),
        Err(WaitError::TimedOut { cancel, .. }) => {
            println!("Outcome: no answer in time; cancelling the push: {cancel:?}.");
        }
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

/// With the mock, answer like a user tapping "Accept" on their phone; with the real service, the real user
/// answers.
async fn play_the_phone(
    mock: Option<&MockPushAuth>,
    session: &Session,
) -> Result<(), Box<dyn std::error::Error>> {
    if let Some(mock) = mock {
        tokio::time::sleep(THINKING_TIME).await;
        mock.answer_with_detail(&session.id, Answer::Accept, "Face ID")?;
        println!("(The simulated user accepted on their phone.)");
    }
    Ok(())
}
