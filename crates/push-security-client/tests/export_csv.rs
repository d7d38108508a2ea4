//! Models fit for export: employees and findings listed from the mock, where records differ in which
//! optional fields they carry, write to CSV as uniform rows (every field present, `null` when absent),
//! with timestamps as RFC 3339.
#![cfg(feature = "mock")]

use futures::TryStreamExt;
use push_security_client::mock::MockPushSecurity;
use push_security_client::models::{Employee, Finding};
use serde::Serialize;
use serde_json::Value;

/// The rows of a CSV export: the header, then one row per record, cells as the CSV reader reads them.
struct Csv {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Csv {
    fn column(&self, name: &str) -> Vec<&str> {
        let index = self
            .header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column `{name}` in {:?}", self.header));
        self.rows.iter().map(|row| row[index].as_str()).collect()
    }
}

/// Writes each record as one CSV row under a header taken from the first record, the way an
/// application exports models: the record's fields in order, `null` as an empty cell, lists and
/// nested objects as compact JSON. The writer is not flexible: a record with a different set of
/// fields fails the export.
fn export<T: Serialize>(records: &[T]) -> Result<String, Box<dyn std::error::Error>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header: Option<Vec<String>> = None;
    for record in records {
        let Value::Object(fields) = serde_json::to_value(record)? else {
            return Err("a model serialized to something other than an object".into());
        };
        let names: Vec<String> = fields.keys().cloned().collect();
        match &header {
            None => {
                writer.write_record(&names)?;
                header = Some(names);
            }
            Some(first) if *first != names => {
                return Err(format!("fields {names:?} differ from the header {first:?}").into());
            }
            Some(_) => {}
        }
        writer.write_record(fields.values().map(cell))?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn read(text: &str) -> Csv {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            r.expect("a well-formed row")
                .iter()
                .map(str::to_owned)
                .collect()
        })
        .collect();
    Csv { header, rows }
}

async fn mock() -> MockPushSecurity {
    MockPushSecurity::builder()
        .seed(7)
        .no_rate_limit()
        .start()
        .await
        .expect("the mock starts")
}

fn assert_rfc3339(cell: &str) {
    let parsed = time::OffsetDateTime::parse(cell, &time::format_description::well_known::Rfc3339);
    assert!(parsed.is_ok(), "`{cell}` is not RFC 3339");
}

#[tokio::test]
async fn employees_with_mixed_optional_fields_export_to_uniform_csv_rows() {
    let mock = mock().await;
    let client = mock.client();
    let employees: Vec<Employee> = client
        .employees()
        .list()
        .items()
        .try_collect()
        .await
        .expect("the employees list");
    let departments: Vec<bool> = employees.iter().map(|e| e.department.is_some()).collect();
    assert!(
        departments.contains(&true) && departments.contains(&false),
        "the seeded organisation mixes employees with and without a department"
    );

    let csv = read(&export(&employees).expect("the export succeeds"));

    assert_eq!(csv.rows.len(), employees.len());
    assert!(csv.rows.iter().all(|row| row.len() == csv.header.len()));
    let department = csv.column("department");
    assert!(
        department.contains(&""),
        "an absent department is an empty cell"
    );
    assert!(department.iter().any(|d| !d.is_empty()));
    for created in csv
        .column("creationTimestamp")
        .into_iter()
        .filter(|c| !c.is_empty())
    {
        assert_rfc3339(created);
    }
}

#[tokio::test]
async fn findings_with_mixed_optional_fields_export_to_uniform_csv_rows() {
    let mock = mock().await;
    let client = mock.client();
    let findings: Vec<Finding> = client
        .findings()
        .list()
        .items()
        .try_collect()
        .await
        .expect("the findings list");
    let with_password: Vec<bool> = findings.iter().map(|f| f.password_id.is_some()).collect();
    assert!(
        with_password.contains(&true) && with_password.contains(&false),
        "the seeded organisation mixes findings with and without a password"
    );

    let csv = read(&export(&findings).expect("the export succeeds"));

    assert_eq!(csv.rows.len(), findings.len());
    assert!(csv.rows.iter().all(|row| row.len() == csv.header.len()));
    assert!(csv.column("passwordId").contains(&""));
    let created = csv.column("creationTimestamp");
    assert!(
        created.iter().any(|c| !c.is_empty()),
        "findings carry timestamps"
    );
    for created in created.into_iter().filter(|c| !c.is_empty()) {
        assert_rfc3339(created);
    }
}

#[test]
fn an_absent_optional_field_is_written_as_null_not_left_out() {
    // The documented way to build a model in a test: the JSON the API would send.
    let employee: Employee = serde_json::from_value(
        serde_json::json!({"id": "e-1", "creationTimestamp": 1_700_000_000}),
    )
    .expect("a minimal employee decodes");
    let written = serde_json::to_value(&employee).expect("the employee serializes");
    assert_eq!(written["department"], Value::Null);
    assert!(
        written
            .as_object()
            .is_some_and(|o| o.contains_key("department"))
    );
    assert_eq!(written["creationTimestamp"], "2023-11-14T22:13:20Z");
}
