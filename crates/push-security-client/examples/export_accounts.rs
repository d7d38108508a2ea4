//! Exports every account as JSON lines on stdout, streaming from the first page to the last.
//!
//! ```sh
//! cargo run -p push-security-client --features mock --example export_accounts > accounts.jsonl
//! PUSH_SECURITY_API_KEY=... cargo run -p push-security-client --features mock --example export_accounts > accounts.jsonl
//! ```

mod support;

use std::io::Write;
use std::time::Instant;

use futures::TryStreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (client, _mock) = support::connect().await?;
    let started = Instant::now();

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut pages = client.accounts().list().prefetch(1).pages();
    let (mut page_count, mut account_count) = (0usize, 0usize);
    while let Some(page) = pages.try_next().await? {
        for account in &page.items {
            serde_json::to_writer(&mut out, account)?;
            out.write_all(b"\n")?;
        }
        page_count += 1;
        account_count += page.items.len();
    }
    out.flush()?;

    eprintln!(
        "exported {account_count} accounts from {page_count} pages in {:.1?}",
        started.elapsed()
    );
    Ok(())
}
