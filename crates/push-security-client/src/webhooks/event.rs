//! The envelope every webhook delivery shares.

use serde::de::{DeserializeOwned, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;

use super::kinds::{ActorRole, EventCategory, EventObject, EventType};

/// One webhook delivery.
///
/// The envelope is typed; the objects it carries (`new`, `old`) stay raw JSON because their shape
/// depends on [`object`](Self::object) and grows over time. Decode them with
/// [`new_as`](Self::new_as) / [`old_as`](Self::old_as) into a model of this crate or your own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookEvent {
    /// Envelope version, `"1"` today (a number is accepted too).
    #[serde(default, deserialize_with = "string_or_number")]
    pub version: Option<String>,
    /// The event id; a retried delivery keeps it, so use it to drop duplicates.
    pub id: String,
    /// When the event happened (UNIX seconds on the wire).
    #[serde(with = "api_core::lenient::unix_seconds")]
    pub timestamp: OffsetDateTime,
    /// The kind of event.
    pub category: EventCategory,
    /// For `ENTITY` events, what happened to the object.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub event_type: Option<EventType>,
    /// What the event is about.
    pub object: EventObject,
    /// A human-readable title; Push says it may change, so never match on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub friendly_name: Option<String>,
    /// A human-readable description; Push says it may change, so never match on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The object after the event, as raw JSON (`None` when absent or null).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
    /// The object before the event, as raw JSON (`None` when absent or null).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    /// Who did it, for `AUDIT` events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<Actor>,
}

impl WebhookEvent {
    /// Decodes `new` into `T`; `Ok(None)` when the event has no `new` object.
    ///
    /// ```
    /// use push_security_client::webhooks::WebhookEvent;
    ///
    /// #[derive(serde::Deserialize)]
    /// struct AccountId { id: String }
    ///
    /// let event: WebhookEvent = serde_json::from_str(
    ///     r#"{"id":"e1","timestamp":1700000000,"category":"ENTITY","type":"CREATE","object":"ACCOUNT","new":{"id":"a1"}}"#,
    /// )?;
    /// let account: Option<AccountId> = event.new_as()?;
    /// assert_eq!(account.map(|a| a.id).as_deref(), Some("a1"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new_as<T: DeserializeOwned>(&self) -> Result<Option<T>, api_core::DecodeError> {
        decode_object(self.new.as_ref())
    }

    /// Decodes `old` into `T`; `Ok(None)` when the event has no `old` object.
    ///
    /// ```
    /// use push_security_client::webhooks::WebhookEvent;
    ///
    /// let event: WebhookEvent = serde_json::from_str(
    ///     r#"{"id":"e1","timestamp":1700000000,"category":"ENTITY","type":"CREATE","object":"APP","new":{},"old":null}"#,
    /// )?;
    /// assert_eq!(event.old_as::<serde_json::Value>()?, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn old_as<T: DeserializeOwned>(&self) -> Result<Option<T>, api_core::DecodeError> {
        decode_object(self.old.as_ref())
    }
}

/// The person or key behind an `AUDIT` event.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Actor {
    /// Where the change was made, e.g. `UI` or `API`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The admin's email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The IP address the change came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_ip_address: Option<String>,
    /// The user agent the change came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// The actor's permission level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<ActorRole>,
}

fn decode_object<T: DeserializeOwned>(
    value: Option<&Value>,
) -> Result<Option<T>, api_core::DecodeError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(value) => T::deserialize(value)
            .map(Some)
            .map_err(api_core::DecodeError::from_json),
    }
}

fn string_or_number<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Version {
        Text(String),
        Number(serde_json::Number),
    }
    Ok(match Option::<Version>::deserialize(deserializer)? {
        None => None,
        Some(Version::Text(text)) => Some(text),
        Some(Version::Number(number)) => Some(number.to_string()),
    })
}
