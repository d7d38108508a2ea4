//! The two minimal programs figure 5 builds: the same PushAuth flow (create a session, read it
//! back) once with `pushauth-client` and once by hand with reqwest + tokio + serde_json. Both use
//! the same reqwest features as the SDK's default (reqwest 0.13 with its own `rustls`, i.e. the
//! aws-lc-rs provider), so the difference is what the SDK adds.

use std::path::Path;

/// One program: its package name and the files of its crate.
pub struct Program {
    pub name: &'static str,
    pub manifest: String,
    pub main_rs: &'static str,
}

/// The program written with the SDK, depending on the workspace's crates by path.
pub fn with_sdk(workspace: &Path) -> Program {
    let client = workspace.join("crates").join("pushauth-client");
    Program {
        name: "bench-with-sdk",
        manifest: manifest(
            "bench-with-sdk",
            &format!(
                "pushauth-client = {{ path = {:?} }}\n\
                 tokio = {{ version = \"1\", default-features = false, features = [\"rt\", \"macros\"] }}\n",
                client.display().to_string()
            ),
        ),
        main_rs: SDK_MAIN,
    }
}

/// The program written by hand.
pub fn by_hand() -> Program {
    Program {
        name: "bench-by-hand",
        manifest: manifest(
            "bench-by-hand",
            "reqwest = { version = \"0.13\", default-features = false, features = [\"rustls\", \"http2\", \"multipart\", \"stream\"] }\n\
             serde = { version = \"1\", features = [\"derive\"] }\n\
             serde_json = \"1\"\n\
             tokio = { version = \"1\", default-features = false, features = [\"rt\", \"macros\"] }\n",
        ),
        main_rs: BY_HAND_MAIN,
    }
}

/// A package of its own (an empty `[workspace]`), stripped in release builds.
fn manifest(name: &str, dependencies: &str) -> String {
    format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\n{dependencies}\n[profile.release]\nstrip = true\n\n[workspace]\n"
    )
}

const SDK_MAIN: &str = r#"//! Creates a PushAuth session and reads it back, with pushauth-client.

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base_url = std::env::args().nth(1).unwrap_or_else(|| "https://api.unify.id".to_owned());
    let key = std::env::var("PUSHAUTH_API_KEY").unwrap_or_default();
    let client = pushauth_client::Client::builder().api_key(key).base_url(base_url).build()?;
    let created = client.sessions().create("user-42").await?;
    let session = client.sessions().get(created.id.as_str()).await?;
    println!("{} {:?}", session.id, session.status);
    Ok(())
}
"#;

const BY_HAND_MAIN: &str = r#"//! Creates a PushAuth session and reads it back, by hand.

use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct CreateSession<'a> {
    user: &'a str,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Session {
    id: String,
    status: String,
    notification_count: Option<i64>,
    detail: Option<String>,
    expires_at: Option<String>,
    updated_at: Option<String>,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base_url = std::env::args().nth(1).unwrap_or_else(|| "https://api.unify.id".to_owned());
    let key = std::env::var("PUSHAUTH_API_KEY").unwrap_or_default();
    let http = reqwest::Client::new();
    let body = serde_json::to_vec(&CreateSession { user: "user-42" })?;
    let created = http
        .post(format!("{base_url}/v1/push/sessions"))
        .header("x-api-key", &key)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await?
        .error_for_status()?
        .bytes()
        .await?;
    let created: Session = serde_json::from_slice(&created)?;
    let read = http
        .get(format!("{base_url}/v1/push/sessions/{}", created.id))
        .header("x-api-key", &key)
        .send()
        .await?
        .error_for_status()?
        .bytes()
        .await?;
    let session: Session = serde_json::from_slice(&read)?;
    println!(
        "{} {} {:?} {:?} {:?} {:?}",
        session.id,
        session.status,
        session.notification_count,
        session.detail,
        session.expires_at,
        session.updated_at
    );
    Ok(())
}
"#;
