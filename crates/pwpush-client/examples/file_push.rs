//! Share files: a file push needs a token and goes up as multipart form data.
//!
//! ```text
//! cargo run -p pwpush-client --features mock --example file_push [FILE...]
//! ```
//!
//! With no file arguments it shares a generated text file. Set `PWPUSH_TOKEN` (and
//! `PWPUSH_BASE_URL`) to use a real instance; otherwise it runs against the local mock.

use pwpush_client::Client;
use pwpush_client::mock::MockPwPush;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut _mock = None;
    let (base_url, token) = match std::env::var("PWPUSH_TOKEN") {
        Ok(token) => (
            std::env::var("PWPUSH_BASE_URL").unwrap_or_else(|_| "https://pwpush.com".to_owned()),
            token,
        ),
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
    let client = Client::builder()
        .base_url(&base_url)
        .bearer_token(token)
        .build()?;

    let mut push = client
        .pushes()
        .create_file()
        .payload("The files you asked for")
        .expire_after_views(3);
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        push = push.file_with_type(
            "hello.txt",
            "text/plain",
            b"hello from pwpush-client\n".to_vec(),
        );
    }
    for path in &paths {
        let name = std::path::Path::new(path)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("file")
            .to_owned();
        push = push.file(name, std::fs::read(path)?);
    }
    let created = push.await?;
    println!("Secret link: {}", created.secret_link());

    // The owner can look without using up a view.
    let read = client.pushes().retrieve(created.url_token()).await?;
    for file in &read.files {
        println!("attached: {:?} ({:?})", file.filename, file.content_type);
    }
    Ok(())
}
