//! The mock accepts the requests a public Push integration sends, as it sends them: a mock that
//! refused them would be stricter than the service that integration runs against.
#![cfg(feature = "mock")]

use std::collections::BTreeSet;

use push_security_client::mock::{DatasetSize, MockPushSecurity};
use serde_json::Value;

async fn get_json(http: &reqwest::Client, url: &str, key: &str) -> (u16, Value) {
    let response = http
        .get(url)
        .header("x-api-key", key)
        .header("Accept", "application/json")
        .send()
        .await
        .expect("the mock answers");
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("a body");
    (status, serde_json::from_slice(&bytes).expect("a JSON body"))
}

/// The percent-encoding of .NET's `[uri]::EscapeDataString`: everything but RFC 3986 unreserved.
fn escape_data_string(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn the_detection_pull_of_a_public_integration_reads_every_detection() {
    // W00glin/pushsec-trend-int, push-integration.ps1 (Get-PushDetections): headers `x-api-key` and
    // `Accept: application/json`; query `creationTimestampAfter=<unix>&limit=500`, then
    // `&nextToken=<EscapeDataString(paging.nextToken)>` while `paging.moreResults` and
    // `paging.nextToken` are both set; any error ends its run.
    let mut size = DatasetSize::default();
    size.detections = 1_234;
    let mock = MockPushSecurity::builder()
        .dataset(size)
        .no_rate_limit()
        .start()
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let mut ids = Vec::new();
    let mut next_token: Option<String> = None;
    let mut pages = 0;
    loop {
        pages += 1;
        let mut query = "creationTimestampAfter=0&limit=500".to_owned();
        if let Some(token) = &next_token {
            query.push_str(&format!("&nextToken={}", escape_data_string(token)));
        }
        let url = format!("{}/v1/detections?{query}", mock.base_url());
        let (status, body) = get_json(&http, &url, mock.full_access_key()).await;
        assert_eq!(status, 200, "page {pages}: {body}");
        for detection in body["result"].as_array().expect("a result array") {
            ids.push(detection["id"].as_str().expect("an id").to_owned());
        }
        let paging = &body["paging"];
        next_token = match (
            paging["moreResults"].as_bool(),
            paging["nextToken"].as_str(),
        ) {
            (Some(true), Some(token)) => Some(token.to_owned()),
            _ => None,
        };
        if next_token.is_none() {
            break;
        }
    }

    assert_eq!(pages, 3);
    assert_eq!(ids.len(), 1_234);
    assert_eq!(ids.iter().collect::<BTreeSet<_>>().len(), 1_234);
    assert_eq!(ids, mock.detection_ids());
}

#[tokio::test]
async fn the_readme_check_of_a_public_integration_is_answered() {
    // W00glin/pushsec-trend-int, readme.md: the key is checked with
    // `GET https://api.pushsecurity.com/v1/detections?limit=1`.
    let mock = MockPushSecurity::builder()
        .no_rate_limit()
        .start()
        .await
        .unwrap();
    let url = format!("{}/v1/detections?limit=1", mock.base_url());

    let (status, body) = get_json(&reqwest::Client::new(), &url, mock.read_only_key()).await;

    assert_eq!(status, 200, "{body}");
    assert_eq!(body["result"].as_array().map(Vec::len), Some(1));
}
