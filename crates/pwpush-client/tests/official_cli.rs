//! A real client against the mock: the official Password Pusher CLI (PyPI `pwpush`, pinned in
//! `pwpush_cli::VERSION`) runs its everyday commands against `MockPwPush` on loopback. Every
//! command must exit 0, and the mock must record the requests the CLI's source says it sends
//! (pglombardo/pwpush-cli 0.16.7: `pwpush/api/endpoints.py` for paths, `pwpush/api/client.py`
//! for headers and bodies, `pwpush/commands/*.py` for what each command calls).
//!
//! The CLI gets a private HOME whose config already names the mock, and every command is given
//! the mock's URL, so it never contacts a real host. Installing it needs python3 and PyPI once
//! per target directory (see `pwpush_cli`).

mod common;
mod pwpush_cli;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{TestResult, owner, server, server_with};
use pwpush_cli::{Cli, Run};
use pwpush_client::mock::{MockOptions, MockPwPush, RecordedRequest};
use serde_json::Value;

/// A private HOME for one test, removed afterwards.
struct Home(PathBuf);

impl Home {
    fn new(server: &MockPwPush) -> Result<Self, Box<dyn std::error::Error>> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "pwpush-cli-home-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        let config = dir.join(".config/pwpush");
        std::fs::create_dir_all(&config)?;
        // Written before the first command so that even the defaults name the mock, never the
        // CLI's default instance (`pwpush/options.py`: https://eu.pwpush.com).
        std::fs::write(
            config.join("config.ini"),
            format!("[instance]\nurl = {}\n", server.base_url()),
        )?;
        Ok(Home(dir))
    }

    fn config(&self) -> Result<String, std::io::Error> {
        std::fs::read_to_string(self.0.join(".config/pwpush/config.ini"))
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs one CLI command and insists that it succeeded.
fn pwpush(cli: &Cli, home: &Home, args: &[&str], stdin: &str) -> Result<Run, String> {
    let run = tokio::task::block_in_place(|| cli.run(&home.0, args, stdin))?;
    if run.succeeded() {
        Ok(run)
    } else {
        Err(format!(
            "pwpush {:?} exited with {:?}\nstdout: {}\nstderr: {}",
            args.first(),
            run.status,
            run.stdout,
            run.stderr
        ))
    }
}

/// The requests recorded since the last call.
fn new_requests(server: &MockPwPush, seen: &mut usize) -> Vec<RecordedRequest> {
    let all = server.requests();
    let new = all[(*seen).min(all.len())..].to_vec();
    *seen = all.len();
    new
}

/// `expected` appear in `requests`, in this order (the CLI may probe the version in between).
fn assert_sent(requests: &[RecordedRequest], expected: &[(&str, &str)]) {
    let mut rest = requests.iter();
    for (method, path) in expected {
        assert!(
            rest.any(|r| r.method == *method && r.path == *path),
            "{method} {path} not sent in order; sent: {:?}",
            requests
                .iter()
                .map(|r| format!("{} {}", r.method, r.path))
                .collect::<Vec<_>>()
        );
    }
}

fn find<'r>(requests: &'r [RecordedRequest], method: &str, path: &str) -> &'r RecordedRequest {
    match requests
        .iter()
        .find(|r| r.method == method && r.path == path)
    {
        Some(request) => request,
        None => panic!("{method} {path} was not sent"),
    }
}

/// The token in a secret link `.../p/<token>` or `.../p/<token>/r` (or `/req/<token>`).
fn token_in(link: &str, marker: &str) -> Option<String> {
    let after = &link[link.find(marker)? + marker.len()..];
    Some(after.split('/').next()?.to_owned())
}

fn json_out(run: &Run) -> Result<Value, Box<dyn std::error::Error>> {
    Ok(serde_json::from_str(run.stdout.trim())?)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_cli_logs_in_pushes_lists_audits_and_expires_against_the_oss_mock() -> TestResult {
    let server = server().await;
    let cli = tokio::task::block_in_place(pwpush_cli::installed);
    let home = Home::new(&server)?;
    let (url, email, token) = (
        server.base_url().to_owned(),
        server.user_email().to_owned(),
        server.token().to_owned(),
    );
    let mut seen = 0;

    // login: probes `/api/v2/version`, then validates the token on the v2 list
    // (`commands/auth.py#login_cmd`, `endpoints.py#validation_paths`).
    let run = pwpush(
        cli,
        &home,
        &["login", "--url", &url, "--email", &email, "--token", &token],
        "",
    )?;
    assert!(run.stdout.contains("Login successful"), "{}", run.stdout);
    let sent = new_requests(&server, &mut seen);
    assert_sent(
        &sent,
        &[("GET", "/api/v2/version"), ("GET", "/api/v2/pushes/active")],
    );
    // `client.py#build_auth_headers`: Bearer, plus the legacy pair when an e-mail is set.
    let check = find(&sent, "GET", "/api/v2/pushes/active");
    assert!(check.has_header("authorization") && check.has_header("x-user-token"));
    let config = home.config()?;
    assert!(config.contains(&format!("url = {url}")) && config.contains("api_profile = v2"));

    // config: a stored default the next push picks up (`commands/config.py#set`).
    pwpush(
        cli,
        &home,
        &["config", "set", "retrieval_step", "false"],
        "",
    )?;
    assert!(home.config()?.contains("retrieval_step = false"));
    assert!(
        new_requests(&server, &mut seen).is_empty(),
        "config is local"
    );

    // push: JSON create under `push`, then the preview for the link (`commands/push.py`).
    let run = pwpush(
        cli,
        &home,
        &[
            "push",
            "--secret",
            "s3cr3t",
            "--passphrase",
            "blue-horse",
            "--days",
            "3",
            "--views",
            "2",
            "--note",
            "ticket 7",
            "--json",
        ],
        "",
    )?;
    let link = json_out(&run)?["url"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let text_token = token_in(&link, "/p/").ok_or("no push link printed")?;
    let sent = new_requests(&server, &mut seen);
    let preview = format!("/api/v2/pushes/{text_token}/preview");
    assert_sent(&sent, &[("POST", "/api/v2/pushes"), ("GET", &preview)]);
    let create = find(&sent, "POST", "/api/v2/pushes");
    assert!(
        create
            .header("content-type")
            .is_some_and(|t| t.starts_with("application/json"))
    );

    // What the server kept, read back through the SDK as the same user.
    let sdk = owner(&server);
    let active = sdk.pushes().active().send().await?;
    let pushed = active
        .iter()
        .find(|p| p.url_token.expose_secret() == text_token)
        .ok_or("the CLI's push is not listed")?;
    assert_eq!(pushed.expire_after_views, Some(2));
    assert_eq!(
        pushed.passphrase.as_ref().map(|p| p.expose_secret()),
        Some("blue-horse")
    );
    assert_eq!(pushed.note.as_deref(), Some("ticket 7"));
    assert_eq!(pushed.retrieval_step, Some(false));
    // The CLI sends days as Pro's `expire_after_duration` (`endpoints.py#_DURATION_BY_DAYS`),
    // which the open-source server ignores: the push gets the default.
    assert_eq!(pushed.expire_after_days, Some(7));

    // push-file: multipart `push[files][]` (`endpoints.py#adapt_file_uploads_for_profile`).
    let file = home.0.join("secret.txt");
    std::fs::write(&file, "file secret")?;
    let file_arg = file.to_string_lossy().into_owned();
    let run = pwpush(cli, &home, &["push-file", &file_arg, "--json"], "")?;
    let file_link = json_out(&run)?["url"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let file_token = token_in(&file_link, "/p/").ok_or("no file push link printed")?;
    let sent = new_requests(&server, &mut seen);
    let file_preview = format!("/api/v2/pushes/{file_token}/preview");
    assert_sent(&sent, &[("POST", "/api/v2/pushes"), ("GET", &file_preview)]);
    let upload = find(&sent, "POST", "/api/v2/pushes");
    assert!(
        upload
            .header("content-type")
            .is_some_and(|t| t.starts_with("multipart/form-data"))
    );

    // list
    let run = pwpush(cli, &home, &["list", "--json"], "")?;
    assert_eq!(json_out(&run)?.as_array().map(Vec::len), Some(2));
    assert_sent(
        &new_requests(&server, &mut seen),
        &[("GET", "/api/v2/pushes/active")],
    );

    // audit
    let run = pwpush(cli, &home, &["audit", &text_token, "--json"], "")?;
    assert!(json_out(&run)?.get("logs").is_some(), "{}", run.stdout);
    let audit = format!("/api/v2/pushes/{text_token}/audit");
    assert_sent(&new_requests(&server, &mut seen), &[("GET", &audit)]);

    // expire
    pwpush(cli, &home, &["expire", &text_token, "--json"], "")?;
    let expire = format!("/api/v2/pushes/{text_token}");
    assert_sent(&new_requests(&server, &mut seen), &[("DELETE", &expire)]);
    let expired = sdk.pushes().expired().send().await?;
    assert!(
        expired
            .iter()
            .any(|p| p.url_token.expose_secret() == text_token)
    );

    // Every request the CLI sent reached a route the mock serves (no 404 guesses needed).
    assert!(
        server
            .requests()
            .iter()
            .all(|r| !r.path.starts_with("/en/") && !r.path.ends_with(".json")),
        "the CLI fell back to legacy paths"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_cli_creates_a_request_and_reads_its_preview_on_the_pro_mock() -> TestResult {
    let server = server_with(MockOptions::pro()).await;
    let cli = tokio::task::block_in_place(pwpush_cli::installed);
    let home = Home::new(&server)?;
    let (url, email, token) = (
        server.base_url().to_owned(),
        server.user_email().to_owned(),
        server.token().to_owned(),
    );
    let mut seen = 0;

    // On Pro, login also lists the accounts and asks which one to use when there are several
    // (`config_wizard.py#collect_account_selection`): the first.
    pwpush(
        cli,
        &home,
        &["login", "--url", &url, "--email", &email, "--token", &token],
        "1\n",
    )?;
    let sent = new_requests(&server, &mut seen);
    assert_sent(
        &sent,
        &[
            ("GET", "/api/v2/version"),
            ("GET", "/api/v2/pushes/active"),
            ("GET", "/api/v2/accounts"),
        ],
    );
    let first_account = server.account_ids().first().copied().ok_or("no account")?;
    assert!(
        home.config()?
            .contains(&format!("account_id = {first_account}"))
    );

    // request: capabilities, then the create, then the preview for the link
    // (`commands/request.py#request_cmd`, `endpoints.py#request_preview_path`).
    let run = pwpush(
        cli,
        &home,
        &[
            "request",
            "Send me the VPN password",
            "--days",
            "7",
            "--views",
            "3",
            "--json",
        ],
        "",
    )?;
    let link = json_out(&run)?["url"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let request_token = token_in(&link, "/req/").ok_or("no request link printed")?;
    let preview = format!("/api/v2/requests/{request_token}/preview");
    let sent = new_requests(&server, &mut seen);
    assert_sent(
        &sent,
        &[
            ("GET", "/api/v2/version"),
            ("POST", "/api/v2/requests"),
            ("GET", &preview),
        ],
    );
    assert_eq!(server.secret_requests_count(), 1);

    // A push on Pro carries the chosen `account_id` beside the root (`__main__.py#make_request`);
    // the Pro mock refuses an account that is not the user's, so success shows it was sent.
    let run = pwpush(cli, &home, &["push", "--secret", "s3cr3t", "--json"], "")?;
    assert!(json_out(&run)?["url"].is_string());
    assert_eq!(server.created_count(), 1);
    Ok(())
}
