//! Request bodies in the three encodings the server accepts (JSON, form, multipart), read into one
//! JSON shape: Rails bracket names (`push[files][]`) become nested objects and arrays, and an uploaded
//! file becomes `{"filename": .., "content_type": ..}`.

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header::CONTENT_TYPE;
use serde_json::{Map, Value, json};

/// Bodies above this are refused; the server's own payload limit is far below.
pub(crate) const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

#[derive(Debug)]
pub(crate) enum BodyError {
    /// Unparseable JSON or multipart: Rails answers 400.
    Malformed,
}

pub(crate) async fn read(request: Request) -> Result<Value, BodyError> {
    let content_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if content_type.starts_with("multipart/form-data") {
        return read_multipart(request).await;
    }
    let bytes = axum::body::to_bytes(request.into_body(), MAX_BODY_BYTES)
        .await
        .map_err(|_| BodyError::Malformed)?;
    if bytes.is_empty() {
        return Ok(Value::Object(Map::new()));
    }
    if content_type.starts_with("application/json") {
        return serde_json::from_slice(&bytes).map_err(|_| BodyError::Malformed);
    }
    let mut out = Value::Object(Map::new());
    for (key, value) in url::form_urlencoded::parse(&bytes) {
        insert(&mut out, &key, Value::String(value.into_owned()));
    }
    Ok(out)
}

async fn read_multipart(request: Request) -> Result<Value, BodyError> {
    let mut multipart = Multipart::from_request(request, &())
        .await
        .map_err(|_| BodyError::Malformed)?;
    let mut out = Value::Object(Map::new());
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| BodyError::Malformed)?
    {
        let name = field.name().unwrap_or("").to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field
            .content_type()
            .unwrap_or("application/octet-stream")
            .to_owned();
        let bytes = field.bytes().await.map_err(|_| BodyError::Malformed)?;
        let value = match file_name {
            Some(filename) => {
                json!({"filename": filename, "content_type": content_type, "size": bytes.len()})
            }
            None => Value::String(String::from_utf8_lossy(&bytes).into_owned()),
        };
        insert(&mut out, &name, value);
    }
    Ok(out)
}

/// Puts `value` at the Rails-style `key` (`a`, `a[b]`, `a[b][]`) inside `root`.
fn insert(root: &mut Value, key: &str, value: Value) {
    let (head, rest) = key.split_once('[').map_or((key, ""), |(h, r)| (h, r));
    let mut path: Vec<&str> = vec![head];
    path.extend(
        rest.split('[')
            .map(|part| part.trim_end_matches(']'))
            .filter(|_| !rest.is_empty()),
    );
    let mut cursor = root;
    for (index, part) in path.iter().enumerate() {
        let last = index + 1 == path.len();
        let next_is_list = path.get(index + 1) == Some(&"");
        if part.is_empty() {
            // `[]`: append to the list the cursor points at.
            if let Value::Array(items) = cursor {
                items.push(value);
            }
            return;
        }
        let Value::Object(map) = cursor else { return };
        if last {
            map.insert((*part).to_owned(), value);
            return;
        }
        let empty = if next_is_list {
            Value::Array(Vec::new())
        } else {
            Value::Object(Map::new())
        };
        cursor = map.entry((*part).to_owned()).or_insert(empty);
    }
}

/// A field as text, whichever way it arrived (JSON string, number or boolean, or form text).
pub(crate) fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The server's truthy set: `on, yes, checked, true, 1`, any case; anything else is false.
pub(crate) fn truthy(value: &Value) -> bool {
    match value {
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_i64() == Some(1),
        Value::String(s) => matches!(
            s.to_ascii_lowercase().as_str(),
            "on" | "yes" | "checked" | "true" | "1"
        ),
        _ => false,
    }
}

/// An integer field, or `None` when absent or not a whole number.
pub(crate) fn integer(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rails_bracket_names_nest() {
        let mut root = Value::Object(Map::new());
        insert(&mut root, "push[payload]", json!("s"));
        insert(&mut root, "push[files][]", json!("a"));
        insert(&mut root, "push[files][]", json!("b"));
        insert(&mut root, "account_id", json!("7"));
        assert_eq!(
            root,
            json!({"push": {"payload": "s", "files": ["a", "b"]}, "account_id": "7"})
        );
    }

    #[test]
    fn truthy_follows_the_server_set() {
        assert!(truthy(&json!("Yes")));
        assert!(truthy(&json!("1")));
        assert!(!truthy(&json!("false")));
        assert!(!truthy(&json!("nope")));
    }
}
