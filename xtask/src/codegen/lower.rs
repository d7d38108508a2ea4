//! Type mapping: schemas to Rust types (docs/codegen.md, "Type mapping"), and the models they make.
//!
//! A component schema with properties becomes a struct, a string enum an open enum. Inline objects and
//! inline enums are lifted into models of their own, named after where they sit (`SessionNotification`).

use std::collections::BTreeMap;

use super::api::{Field, Lenient, Limits, Model, ModelKind, Ty, Variant};
use super::names::{snake_name, type_name};
use super::spec::{AdditionalProperties, Schema, Spec};

const SCHEMA_REF: &str = "#/components/schemas/";

/// Maps schemas to types, collecting the models it meets on the way.
pub struct Lowering<'a> {
    pub spec: &'a Spec,
    pub models: BTreeMap<String, Model>,
    /// Lifted inline schemas still to be turned into models: (Rust name, schema, location).
    pending: Vec<(String, Schema, String)>,
}

impl<'a> Lowering<'a> {
    pub fn new(spec: &'a Spec) -> Self {
        Self {
            spec,
            models: BTreeMap::new(),
            pending: Vec::new(),
        }
    }

    /// Turns every component schema that is a struct or an enum into a model.
    pub fn lower_components(&mut self) -> Result<(), String> {
        for (name, schema) in self.spec.components.schemas.iter() {
            if is_model(schema) {
                let rust = component_type_name(name, schema);
                self.lower_model(&rust, schema, &format!("components.schemas.{name}"))?;
            }
        }
        self.drain_pending()
    }

    /// Models for the inline schemas lifted since the last call.
    pub fn drain_pending(&mut self) -> Result<(), String> {
        while let Some((name, schema, at)) = self.pending.pop() {
            self.lower_model(&name, &schema, &at)?;
        }
        Ok(())
    }

    fn lower_model(&mut self, name: &str, schema: &Schema, at: &str) -> Result<(), String> {
        let kind = match &schema.enum_values {
            Some(values) => ModelKind::Enum(variants(schema, values, at)?),
            None => ModelKind::Struct(self.fields(schema, name, at)?),
        };
        let model = Model {
            name: name.to_owned(),
            origin: at.to_owned(),
            doc: schema.description.clone(),
            kind,
            request_body: schema.request_body,
        };
        if self.models.insert(name.to_owned(), model).is_some() {
            return Err(format!(
                "{at}: two schemas map to the Rust type `{name}` (set `x-rust-type` on one)"
            ));
        }
        Ok(())
    }

    fn fields(&mut self, schema: &Schema, owner: &str, at: &str) -> Result<Vec<Field>, String> {
        let mut fields = Vec::new();
        for required in &schema.required {
            if schema
                .properties
                .as_ref()
                .and_then(|p| p.get(required))
                .is_none()
            {
                return Err(format!("{at}: `{required}` is required but not a property"));
            }
        }
        for (wire, property) in schema.properties.iter().flat_map(|p| p.iter()) {
            let field_at = format!("{at}.{wire}");
            let context = format!("{owner}{}", type_name(wire));
            let ty = self.map(property, &context, &field_at)?;
            let lenient = lenient(property, &ty, &field_at)?;
            let field = Field {
                wire: wire.to_owned(),
                name: snake_name(wire),
                doc: with_default(property.description.as_deref(), property.default.as_ref()),
                required: schema.required.iter().any(|r| r == wire),
                nullable: property.nullable,
                tristate: property.tristate,
                lenient,
                limits: limits(property),
                deprecated: property.deprecated,
                ty,
            };
            check_field(&field, &field_at)?;
            if fields.iter().any(|f: &Field| f.name == field.name) {
                return Err(format!(
                    "{field_at}: two properties map to the Rust field `{}`",
                    field.name
                ));
            }
            fields.push(field);
        }
        Ok(fields)
    }

    /// The Rust type of a schema; `context` names a lifted inline model, `at` locates errors.
    pub fn map(&mut self, schema: &Schema, context: &str, at: &str) -> Result<Ty, String> {
        if let Some(reference) = &schema.reference {
            return self.map_reference(reference, at);
        }
        if let Some(parts) = &schema.all_of {
            return match parts.as_slice() {
                [only] => self.map(only, context, at),
                _ => Err(format!(
                    "{at}: `allOf` is read only with exactly one member (a nullable `$ref`)"
                )),
            };
        }
        if schema.enum_values.is_some() || schema.properties.is_some() {
            let name = schema
                .rust_type
                .clone()
                .unwrap_or_else(|| context.to_owned());
            let is_enum = schema.enum_values.is_some();
            self.pending
                .push((name.clone(), schema.clone(), format!("{at} (inline)")));
            return Ok(if is_enum {
                Ty::Enum(name)
            } else {
                Ty::Struct(name)
            });
        }
        let ty = match (schema.ty.as_deref(), schema.format.as_deref()) {
            (Some("string"), Some("date-time")) => Ty::DateTime,
            (Some("string"), Some("binary")) => Ty::Binary,
            (Some("string"), _) if schema.secret => Ty::Secret,
            (Some("string"), _) => Ty::String,
            (Some("integer"), Some("unix-time")) => Ty::UnixTime,
            (Some("integer"), Some("int32")) => Ty::I32,
            (Some("integer"), _) => Ty::I64,
            (Some("number"), _) => Ty::F64,
            (Some("boolean"), _) => Ty::Bool,
            (Some("array"), _) => {
                let items = schema
                    .items
                    .as_ref()
                    .ok_or_else(|| format!("{at}: an array needs `items`"))?;
                Ty::Vec(Box::new(self.map(
                    items,
                    &format!("{context}Item"),
                    &format!("{at}[]"),
                )?))
            }
            (Some("object") | None, _) => match &schema.additional_properties {
                Some(AdditionalProperties::Schema(values)) => Ty::Map(Box::new(self.map(
                    values,
                    &format!("{context}Value"),
                    &format!("{at}{{}}"),
                )?)),
                _ => Ty::Json,
            },
            (Some(other), _) => return Err(format!("{at}: type `{other}` is not supported")),
        };
        if schema.secret && ty != Ty::Secret {
            return Err(format!("{at}: `x-secret` is read only on strings"));
        }
        Ok(ty)
    }

    fn map_reference(&mut self, reference: &str, at: &str) -> Result<Ty, String> {
        let name = reference.strip_prefix(SCHEMA_REF).ok_or_else(|| {
            format!("{at}: `{reference}` is not a reference to `{SCHEMA_REF}...`")
        })?;
        let target = self
            .spec
            .components
            .schemas
            .get(name)
            .ok_or_else(|| format!("{at}: `{reference}` names no schema"))?;
        if !is_model(target) {
            // A named array or primitive: used as what it is, no type of its own.
            return self.map(
                target,
                &type_name(name),
                &format!("components.schemas.{name}"),
            );
        }
        let rust = component_type_name(name, target);
        Ok(if target.enum_values.is_some() {
            Ty::Enum(rust)
        } else {
            Ty::Struct(rust)
        })
    }
}

/// A component schema that becomes a type of its own: a string enum or an object with properties.
fn is_model(schema: &Schema) -> bool {
    schema.reference.is_none()
        && schema.all_of.is_none()
        && (schema.enum_values.is_some() || schema.properties.is_some())
}

fn component_type_name(name: &str, schema: &Schema) -> String {
    schema.rust_type.clone().unwrap_or_else(|| type_name(name))
}

fn variants(
    schema: &Schema,
    values: &[serde_json::Value],
    at: &str,
) -> Result<Vec<Variant>, String> {
    if schema.ty.as_deref() != Some("string") {
        return Err(format!("{at}: only string enums are supported"));
    }
    let docs = schema.enum_descriptions.as_deref().unwrap_or(&[]);
    if !docs.is_empty() && docs.len() != values.len() {
        return Err(format!(
            "{at}: `x-enum-descriptions` has {} entries for {} values",
            docs.len(),
            values.len()
        ));
    }
    let mut variants: Vec<Variant> = Vec::new();
    for (i, value) in values.iter().enumerate() {
        let value = match value {
            serde_json::Value::String(s) => s.clone(),
            // `null` in a nullable enum is the field's `None`, not a variant.
            serde_json::Value::Null if schema.nullable => continue,
            other => return Err(format!("{at}: enum value {other} is not a string")),
        };
        let mut name = type_name(&value);
        if name == "Unknown" {
            // `Unknown(String)` is the catch-all; a documented "unknown" value keeps its own variant.
            name = "UnknownValue".to_owned();
        }
        if let Some(clash) = variants.iter().find(|v| v.name == name) {
            return Err(format!(
                "{at}: values `{}` and `{value}` both map to the variant `{name}`",
                clash.value
            ));
        }
        variants.push(Variant {
            value,
            name,
            doc: docs.get(i).cloned(),
        });
    }
    Ok(variants)
}

fn lenient(schema: &Schema, ty: &Ty, at: &str) -> Result<Option<Lenient>, String> {
    match schema.lenient.as_deref() {
        None => Ok(None),
        Some("bool-string") if *ty == Ty::Bool => Ok(Some(Lenient::BoolString)),
        Some("null-as-empty") if matches!(ty, Ty::Vec(_)) => Ok(Some(Lenient::NullAsEmpty)),
        Some("string-or-number") if *ty == Ty::String => Ok(Some(Lenient::StringOrNumber)),
        Some(other) => Err(format!(
            "{at}: `x-lenient: {other}` does not fit this type (bool-string on booleans, null-as-empty on arrays, string-or-number on strings)"
        )),
    }
}

/// The description, with the server's default value when the spec names one.
pub fn with_default(
    description: Option<&str>,
    default: Option<&serde_json::Value>,
) -> Option<String> {
    match (description, default) {
        (description, Some(default)) => Some(format!(
            "{}{}Server default: `{default}`.",
            description.unwrap_or_default(),
            if description.is_some() { "\n\n" } else { "" }
        )),
        (description, None) => description.map(str::to_owned),
    }
}

pub fn limits(schema: &Schema) -> Limits {
    Limits {
        minimum: schema.minimum.clone(),
        maximum: schema.maximum.clone(),
        min_length: schema.min_length,
        max_length: schema.max_length,
        min_items: schema.min_items,
        max_items: schema.max_items,
    }
}

/// Limits the generated checks can test on this type; anything else would be silently dropped.
pub fn check_limits(ty: &Ty, limits: &Limits, at: &str) -> Result<(), String> {
    let bounds = [&limits.minimum, &limits.maximum];
    if bounds.iter().any(|b| b.is_some()) {
        match ty {
            Ty::F64 => {}
            Ty::I32 | Ty::I64 => {
                if bounds
                    .iter()
                    .flat_map(|b| b.as_ref())
                    .any(|n| n.as_i64().is_none())
                {
                    return Err(format!(
                        "{at}: `minimum`/`maximum` of an integer must be integers"
                    ));
                }
            }
            _ => return Err(format!("{at}: `minimum`/`maximum` apply to numbers only")),
        }
    }
    if (limits.min_length.is_some() || limits.max_length.is_some())
        && !matches!(ty, Ty::String | Ty::Secret)
    {
        return Err(format!(
            "{at}: `minLength`/`maxLength` apply to strings only"
        ));
    }
    if (limits.min_items.is_some() || limits.max_items.is_some()) && !matches!(ty, Ty::Vec(_)) {
        return Err(format!("{at}: `minItems`/`maxItems` apply to arrays only"));
    }
    Ok(())
}

/// Combinations the emitted serde attributes cannot express.
fn check_field(field: &Field, at: &str) -> Result<(), String> {
    check_limits(&field.ty, &field.limits, at)?;
    let timestamp_inside = matches!(
        &field.ty,
        Ty::Vec(inner) | Ty::Map(inner) if matches!(**inner, Ty::DateTime | Ty::UnixTime)
    );
    if timestamp_inside {
        return Err(format!(
            "{at}: timestamps inside arrays or maps are not supported"
        ));
    }
    if field.tristate && matches!(field.ty, Ty::DateTime | Ty::UnixTime) {
        return Err(format!(
            "{at}: `x-tristate` on a timestamp is not supported"
        ));
    }
    if field.tristate && field.lenient.is_some() {
        return Err(format!("{at}: `x-tristate` and `x-lenient` do not combine"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(components: &str) -> Spec {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{components}"
        );
        Spec::parse(&text).unwrap()
    }

    fn struct_fields<'m>(models: &'m BTreeMap<String, Model>, name: &str) -> &'m [Field] {
        match &models[name].kind {
            ModelKind::Struct(fields) => fields,
            ModelKind::Enum(_) => panic!("{name} is an enum"),
        }
    }

    #[test]
    fn timestamp_formats_map_to_offset_date_time() {
        let spec = spec(
            "    S:\n      type: object\n      properties:\n        a: {type: string, format: date-time}\n        b: {type: integer, format: unix-time}\n",
        );
        let mut lowering = Lowering::new(&spec);
        lowering.lower_components().unwrap();
        let fields = struct_fields(&lowering.models, "S");
        assert_eq!(fields[0].ty, Ty::DateTime);
        assert_eq!(fields[1].ty, Ty::UnixTime);
    }

    #[test]
    fn inline_enum_is_lifted_into_a_model_named_after_its_place() {
        let spec = spec(
            "    Push:\n      type: object\n      properties:\n        kind: {type: string, enum: [text, file]}\n",
        );
        let mut lowering = Lowering::new(&spec);
        lowering.lower_components().unwrap();
        assert_eq!(
            struct_fields(&lowering.models, "Push")[0].ty,
            Ty::Enum("PushKind".into())
        );
        assert!(matches!(
            lowering.models["PushKind"].kind,
            ModelKind::Enum(_)
        ));
    }

    #[test]
    fn enum_value_unknown_does_not_take_the_catch_all_name() {
        let spec = spec("    E: {type: string, enum: [unknown, known]}\n");
        let mut lowering = Lowering::new(&spec);
        lowering.lower_components().unwrap();
        let ModelKind::Enum(variants) = &lowering.models["E"].kind else {
            panic!("not an enum")
        };
        assert_eq!(variants[0].name, "UnknownValue");
    }

    #[test]
    fn bool_string_on_a_string_is_refused() {
        let spec = spec(
            "    S:\n      type: object\n      properties:\n        a: {type: string, x-lenient: bool-string}\n",
        );
        let err = Lowering::new(&spec).lower_components().unwrap_err();
        assert!(err.contains("components.schemas.S.a"), "{err}");
    }

    #[test]
    fn string_or_number_fits_strings_only() {
        let ok = spec(
            "    S:\n      type: object\n      properties:\n        a: {type: string, x-lenient: string-or-number}\n",
        );
        assert!(Lowering::new(&ok).lower_components().is_ok());
        let refused = spec(
            "    S:\n      type: object\n      properties:\n        a: {type: integer, x-lenient: string-or-number}\n",
        );
        let err = Lowering::new(&refused).lower_components().unwrap_err();
        assert!(err.contains("string-or-number"), "{err}");
    }

    #[test]
    fn length_limit_on_a_number_is_refused() {
        let spec = spec(
            "    S:\n      type: object\n      properties:\n        a: {type: integer, maxLength: 3}\n",
        );
        let err = Lowering::new(&spec).lower_components().unwrap_err();
        assert!(err.contains("maxLength"), "{err}");
    }

    #[test]
    fn reference_to_a_named_array_is_used_inline() {
        let spec = spec(
            "    Urls: {type: array, items: {type: string}}\n    S:\n      type: object\n      properties:\n        urls: {$ref: '#/components/schemas/Urls'}\n",
        );
        let mut lowering = Lowering::new(&spec);
        lowering.lower_components().unwrap();
        assert!(!lowering.models.contains_key("Urls"));
        assert_eq!(
            struct_fields(&lowering.models, "S")[0].ty,
            Ty::Vec(Box::new(Ty::String))
        );
    }
}
