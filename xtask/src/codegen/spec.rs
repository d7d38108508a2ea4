//! The subset of OpenAPI 3.0 the generator reads (docs/codegen.md), as a serde model.
//!
//! Every object keeps the keys it does not name in `rest`; `check_keys` then refuses any key outside the
//! documented subset, so a spec that leans on something the generator would silently drop fails loudly.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::ordered::OrderedMap;

/// The root document.
#[derive(Debug, Deserialize)]
pub struct Spec {
    pub openapi: String,
    pub info: Info,
    #[serde(default)]
    pub tags: Vec<Tag>,
    pub paths: OrderedMap<PathItem>,
    #[serde(default)]
    pub components: Components,
    /// `x-rust-error`: the crate's own error type (a name at the crate root) that operations
    /// return instead of `api_core::Error`.
    #[serde(default, rename = "x-rust-error")]
    pub rust_error: Option<String>,
    #[serde(flatten)]
    pub rest: BTreeMap<String, Value>,
}

#[derive(Debug, Deserialize)]
pub struct Info {
    pub title: String,
    #[serde(flatten)]
    pub rest: BTreeMap<String, Value>,
}

#[derive(Debug, Deserialize)]
pub struct Tag {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(flatten)]
    pub rest: BTreeMap<String, Value>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Components {
    #[serde(default)]
    pub schemas: OrderedMap<Schema>,
    #[serde(default)]
    pub parameters: OrderedMap<Parameter>,
    #[serde(default, rename = "requestBodies")]
    pub request_bodies: OrderedMap<RequestBody>,
    #[serde(default)]
    pub responses: OrderedMap<Response>,
    #[serde(flatten)]
    pub rest: BTreeMap<String, Value>,
}

/// One path with its operations, in the order HTTP methods are listed here.
#[derive(Debug, Deserialize)]
pub struct PathItem {
    #[serde(default)]
    pub parameters: Vec<Parameter>,
    #[serde(default)]
    pub get: Option<Operation>,
    #[serde(default)]
    pub put: Option<Operation>,
    #[serde(default)]
    pub post: Option<Operation>,
    #[serde(default)]
    pub delete: Option<Operation>,
    #[serde(default)]
    pub patch: Option<Operation>,
    #[serde(default)]
    pub head: Option<Operation>,
    #[serde(flatten)]
    pub rest: BTreeMap<String, Value>,
}

impl PathItem {
    /// The operations of this path with their upper-case HTTP method.
    pub fn operations(&self) -> Vec<(&'static str, &Operation)> {
        [
            ("GET", &self.get),
            ("PUT", &self.put),
            ("POST", &self.post),
            ("DELETE", &self.delete),
            ("PATCH", &self.patch),
            ("HEAD", &self.head),
        ]
        .into_iter()
        .filter_map(|(method, op)| op.as_ref().map(|op| (method, op)))
        .collect()
    }
}

#[derive(Debug, Deserialize)]
pub struct Operation {
    #[serde(rename = "operationId")]
    pub operation_id: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub parameters: Vec<Parameter>,
    #[serde(default, rename = "requestBody")]
    pub request_body: Option<RequestBody>,
    pub responses: BTreeMap<String, Response>,
    #[serde(default)]
    pub security: Option<Vec<Value>>,
    #[serde(default)]
    pub deprecated: bool,
    #[serde(default, rename = "x-pagination")]
    pub pagination: Option<Pagination>,
    #[serde(default, rename = "x-idempotent")]
    pub idempotent: Option<bool>,
    #[serde(default, rename = "x-auth")]
    pub auth: Option<String>,
    #[serde(default, rename = "x-method-name")]
    pub method_name: Option<String>,
    #[serde(flatten)]
    pub rest: BTreeMap<String, Value>,
}

/// `x-pagination` on an operation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pagination {
    pub style: String,
    #[serde(default)]
    pub items: Option<String>,
    #[serde(default, rename = "page-size")]
    pub page_size: Option<u32>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Parameter {
    #[serde(default, rename = "$ref")]
    pub reference: Option<String>,
    #[serde(default)]
    pub name: String,
    #[serde(default, rename = "in")]
    pub location: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub schema: Option<Schema>,
    #[serde(default)]
    pub style: Option<String>,
    #[serde(default)]
    pub explode: Option<bool>,
    #[serde(default)]
    pub deprecated: bool,
    #[serde(default, rename = "x-secret")]
    pub secret: bool,
    #[serde(flatten)]
    pub rest: BTreeMap<String, Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RequestBody {
    #[serde(default, rename = "$ref")]
    pub reference: Option<String>,
    #[serde(default)]
    pub content: OrderedMap<MediaType>,
    #[serde(flatten)]
    pub rest: BTreeMap<String, Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Response {
    #[serde(default, rename = "$ref")]
    pub reference: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub content: OrderedMap<MediaType>,
    #[serde(default, rename = "x-body")]
    pub body: Option<String>,
    #[serde(flatten)]
    pub rest: BTreeMap<String, Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MediaType {
    #[serde(default)]
    pub schema: Option<Schema>,
    #[serde(flatten)]
    pub rest: BTreeMap<String, Value>,
}

/// A schema object, as far as the subset goes.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Schema {
    #[serde(default, rename = "$ref")]
    pub reference: Option<String>,
    #[serde(default, rename = "type")]
    pub ty: Option<String>,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub nullable: bool,
    #[serde(default, rename = "enum")]
    pub enum_values: Option<Vec<Value>>,
    #[serde(default)]
    pub properties: Option<OrderedMap<Schema>>,
    #[serde(default)]
    pub required: Vec<String>,
    #[serde(default)]
    pub items: Option<Box<Schema>>,
    #[serde(default, rename = "additionalProperties")]
    pub additional_properties: Option<AdditionalProperties>,
    #[serde(default, rename = "allOf")]
    pub all_of: Option<Vec<Schema>>,
    #[serde(default)]
    pub minimum: Option<serde_json::Number>,
    #[serde(default)]
    pub maximum: Option<serde_json::Number>,
    #[serde(default, rename = "minLength")]
    pub min_length: Option<u64>,
    #[serde(default, rename = "maxLength")]
    pub max_length: Option<u64>,
    #[serde(default, rename = "minItems")]
    pub min_items: Option<u64>,
    #[serde(default, rename = "maxItems")]
    pub max_items: Option<u64>,
    #[serde(default)]
    pub default: Option<Value>,
    #[serde(default)]
    pub deprecated: bool,
    #[serde(default, rename = "x-secret")]
    pub secret: bool,
    #[serde(default, rename = "x-lenient")]
    pub lenient: Option<String>,
    #[serde(default, rename = "x-tristate")]
    pub tristate: bool,
    #[serde(default, rename = "x-enum-descriptions")]
    pub enum_descriptions: Option<Vec<String>>,
    #[serde(default, rename = "x-rust-type")]
    pub rust_type: Option<String>,
    /// `true` on a schema hand-written code sends as a request body: it serializes exactly, like the
    /// bodies of generated operations (which are found without it).
    #[serde(default, rename = "x-request-body")]
    pub request_body: bool,
    #[serde(flatten)]
    pub rest: BTreeMap<String, Value>,
}

/// `additionalProperties`: a schema for the values, or `true`/`false` (both read as "any object").
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum AdditionalProperties {
    Schema(Box<Schema>),
    Flag(serde::de::IgnoredAny),
}

/// Keys each object may carry beyond the ones modelled above: documentation the generator reads only as
/// prose, or does not need at all.
const IGNORED_EVERYWHERE: &[&str] = &["description", "summary", "externalDocs"];
const IGNORED_ROOT: &[&str] = &["servers", "security"];
const IGNORED_INFO: &[&str] = &["version", "contact", "license", "termsOfService"];
const IGNORED_COMPONENTS: &[&str] = &["securitySchemes", "headers", "examples"];
const IGNORED_SCHEMA: &[&str] = &["title", "example", "readOnly", "writeOnly", "pattern"];
const IGNORED_PARAMETER: &[&str] = &["example", "examples", "allowEmptyValue"];
const IGNORED_RESPONSE: &[&str] = &["headers"];
const IGNORED_MEDIA: &[&str] = &["example", "examples", "encoding"];
const IGNORED_PATH: &[&str] = &[];

impl Spec {
    /// Parses and checks a spec; errors name the YAML position or the offending key.
    pub fn parse(text: &str) -> Result<Self, String> {
        let spec: Spec = serde_norway::from_str(text).map_err(|e| e.to_string())?;
        if !spec.openapi.starts_with("3.0") {
            return Err(format!(
                "openapi {} is not supported (3.0.x only)",
                spec.openapi
            ));
        }
        spec.check_keys()?;
        Ok(spec)
    }

    fn check_keys(&self) -> Result<(), String> {
        check_rest(&self.rest, IGNORED_ROOT, "the root")?;
        check_rest(&self.info.rest, IGNORED_INFO, "info")?;
        for tag in &self.tags {
            check_rest(&tag.rest, &[], &format!("tag {}", tag.name))?;
        }
        check_rest(&self.components.rest, IGNORED_COMPONENTS, "components")?;
        for (name, schema) in self.components.schemas.iter() {
            schema.check_keys(&format!("components.schemas.{name}"))?;
        }
        for (name, param) in self.components.parameters.iter() {
            param.check_keys(&format!("components.parameters.{name}"))?;
        }
        for (name, body) in self.components.request_bodies.iter() {
            body.check_keys(&format!("components.requestBodies.{name}"))?;
        }
        for (name, response) in self.components.responses.iter() {
            response.check_keys(&format!("components.responses.{name}"))?;
        }
        for (path, item) in self.paths.iter() {
            check_rest(&item.rest, IGNORED_PATH, path)?;
            for param in &item.parameters {
                param.check_keys(&format!("{path} parameter {}", param.name))?;
            }
            for (method, op) in item.operations() {
                let at = format!("{method} {path}");
                check_rest(&op.rest, &[], &at)?;
                for param in &op.parameters {
                    param.check_keys(&format!("{at} parameter {}", param.name))?;
                }
                if let Some(body) = &op.request_body {
                    body.check_keys(&format!("{at} requestBody"))?;
                }
                for (status, response) in &op.responses {
                    response.check_keys(&format!("{at} response {status}"))?;
                }
            }
        }
        Ok(())
    }
}

impl Parameter {
    fn check_keys(&self, at: &str) -> Result<(), String> {
        check_rest(&self.rest, IGNORED_PARAMETER, at)?;
        match &self.schema {
            Some(schema) => schema.check_keys(at),
            None => Ok(()),
        }
    }
}

impl RequestBody {
    fn check_keys(&self, at: &str) -> Result<(), String> {
        check_rest(&self.rest, &["required"], at)?;
        check_content(&self.content, at)
    }
}

impl Response {
    fn check_keys(&self, at: &str) -> Result<(), String> {
        check_rest(&self.rest, IGNORED_RESPONSE, at)?;
        check_content(&self.content, at)
    }
}

fn check_content(content: &OrderedMap<MediaType>, at: &str) -> Result<(), String> {
    for (media, entry) in content.iter() {
        let at = format!("{at} {media}");
        check_rest(&entry.rest, IGNORED_MEDIA, &at)?;
        if let Some(schema) = &entry.schema {
            schema.check_keys(&at)?;
        }
    }
    Ok(())
}

impl Schema {
    fn check_keys(&self, at: &str) -> Result<(), String> {
        check_rest(&self.rest, IGNORED_SCHEMA, at)?;
        for (name, property) in self.properties.iter().flat_map(|p| p.iter()) {
            property.check_keys(&format!("{at}.{name}"))?;
        }
        if let Some(items) = &self.items {
            items.check_keys(&format!("{at}[]"))?;
        }
        if let Some(AdditionalProperties::Schema(values)) = &self.additional_properties {
            values.check_keys(&format!("{at}{{}}"))?;
        }
        for part in self.all_of.iter().flatten() {
            part.check_keys(&format!("{at} allOf"))?;
        }
        Ok(())
    }
}

fn check_rest(rest: &BTreeMap<String, Value>, ignored: &[&str], at: &str) -> Result<(), String> {
    match rest
        .keys()
        .find(|k| !ignored.contains(&k.as_str()) && !IGNORED_EVERYWHERE.contains(&k.as_str()))
    {
        Some(key) => Err(format!(
            "{at}: `{key}` is outside the OpenAPI subset the generator reads (docs/codegen.md)"
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";

    #[test]
    fn minimal_spec_parses() {
        let spec = Spec::parse(MINIMAL).unwrap();
        assert_eq!(spec.info.title, "t");
    }

    #[test]
    fn openapi_31_is_refused() {
        let err = Spec::parse(&MINIMAL.replace("3.0.3", "3.1.0")).unwrap_err();
        assert!(err.contains("3.1.0"), "{err}");
    }

    #[test]
    fn unknown_schema_keyword_is_named_with_its_location() {
        let text = format!(
            "{MINIMAL}components:\n  schemas:\n    Pet:\n      type: object\n      oneOf: []\n"
        );
        let err = Spec::parse(&text).unwrap_err();
        assert!(err.contains("components.schemas.Pet"), "{err}");
        assert!(err.contains("oneOf"), "{err}");
    }

    #[test]
    fn unknown_vendor_extension_is_refused() {
        let text =
            format!("{MINIMAL}components:\n  schemas:\n    Pet:\n      x-frobnicate: true\n");
        let err = Spec::parse(&text).unwrap_err();
        assert!(err.contains("x-frobnicate"), "{err}");
    }
}
