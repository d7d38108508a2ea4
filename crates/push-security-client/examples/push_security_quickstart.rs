//! Lists the organisation's open findings as a table.
//!
//! ```sh
//! cargo run -p push-security-client --features mock --example push_security_quickstart            # against the bundled mock
//! PUSH_SECURITY_API_KEY=... cargo run -p push-security-client --features mock --example push_security_quickstart
//! ```

mod support;

use std::collections::BTreeMap;

use futures::TryStreamExt;
use push_security_client::models::FindingState;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (client, _mock) = support::connect().await?;

    // Every open finding, page after page; the client paces itself at the API's rate limit.
    let mut findings = client.findings().list().state(FindingState::Open).items();

    println!(
        "{:<10}  {:<26}  {:<18}  {:<36}",
        "FOUND", "TYPE", "APP", "EMPLOYEE"
    );
    let mut per_type: BTreeMap<String, usize> = BTreeMap::new();
    while let Some(finding) = findings.try_next().await? {
        let kind = finding
            .r#type
            .as_ref()
            .map_or("-", |t| t.as_str())
            .to_owned();
        println!(
            "{:<10}  {:<26}  {:<18}  {:<36}",
            finding
                .creation_timestamp
                .map_or_else(|| "-".to_owned(), |t| t.date().to_string()),
            kind,
            finding.app_type.as_deref().unwrap_or("-"),
            finding.employee_id.as_deref().unwrap_or("-"),
        );
        *per_type.entry(kind).or_default() += 1;
    }

    let total: usize = per_type.values().sum();
    println!("\n{total} open findings");
    for (kind, count) in per_type {
        println!("  {count:>4}  {kind}");
    }
    Ok(())
}
