//! Rust type tokens for the resolved types, and the serde attributes each kind of field needs.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::api::{Field, Lenient, Output, Presence, Ty};

/// Where model types are named from: inside `models.rs` they are bare, elsewhere `models::X`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Models,
    Operations,
}

/// What a struct model is for, which decides how it serializes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A request body (or part of one): serialized exactly as the endpoint documents, absent fields
    /// left out, secrets in plain, timestamps in the wire format.
    Request,
    /// Everything the API answers: serialized for export, every field written (`null` when absent),
    /// timestamps as RFC 3339, secrets as `[REDACTED]`.
    Response,
}

/// The Rust type of `ty`.
pub fn ty(ty: &Ty, scope: Scope) -> TokenStream {
    match ty {
        Ty::String => quote!(String),
        Ty::Secret => quote!(api_core::SecretString),
        Ty::I32 => quote!(i32),
        Ty::I64 => quote!(i64),
        Ty::F64 => quote!(f64),
        Ty::Bool => quote!(bool),
        Ty::DateTime | Ty::UnixTime => quote!(api_core::OffsetDateTime),
        Ty::Json => quote!(serde_json::Value),
        Ty::Binary => model(scope, "FilePart"),
        Ty::Struct(name) | Ty::Enum(name) => model(scope, name),
        Ty::Vec(inner) => {
            let inner = self::ty(inner, scope);
            quote!(Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = self::ty(inner, scope);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
    }
}

fn model(scope: Scope, name: &str) -> TokenStream {
    let name = format_ident!("{}", name);
    match scope {
        Scope::Models => quote!(#name),
        Scope::Operations => quote!(models::#name),
    }
}

/// The field's type as held in its struct: `T`, `Option<T>`, `Patch<T>` or `Vec<T>`.
pub fn field_type(field: &Field, scope: Scope) -> TokenStream {
    let inner = ty(&field.ty, scope);
    match field.presence() {
        Presence::Always | Presence::EmptyList => inner,
        Presence::Optional => quote!(Option<#inner>),
        Presence::Tristate => quote!(api_core::Patch<#inner>),
    }
}

/// The value an optional field starts with in a builder.
pub fn empty_value(field: &Field) -> TokenStream {
    match field.presence() {
        Presence::Optional => quote!(None),
        Presence::Tristate => quote!(api_core::Patch::Absent),
        Presence::EmptyList => quote!(Vec::new()),
        Presence::Always => quote!(Default::default()),
    }
}

/// `#[serde(...)]` for a field: its JSON name, lenient decoding, and what is left out when empty.
pub fn field_serde(field: &Field, role: Role) -> TokenStream {
    let mut parts: Vec<TokenStream> = Vec::new();
    if field.wire != field.name {
        let wire = &field.wire;
        parts.push(quote!(rename = #wire));
    }
    let presence = field.presence();
    let with = lenient_module(field, presence);
    if *field.ty.element() == Ty::Binary {
        // A file travels as a multipart part, never as JSON.
        parts.push(quote!(skip));
        return quote!(#[serde(#(#parts),*)]);
    }
    match presence {
        // An open enum missing from the answer is its empty `Unknown`, as `null` is: a field that
        // steers the caller must not fail the answer (see `api_core::lenient::open_enum_value`).
        Presence::Always if matches!(field.ty, Ty::Enum(_)) => parts.push(quote!(default)),
        Presence::Always => {}
        Presence::Optional => {
            if with.is_some() {
                parts.push(quote!(default));
            }
            if !field.required && role == Role::Request {
                parts.push(quote!(skip_serializing_if = "Option::is_none"));
            }
        }
        Presence::Tristate => {
            parts.push(quote!(default));
            parts.push(quote!(skip_serializing_if = "api_core::Patch::is_absent"));
        }
        Presence::EmptyList => {
            parts.push(quote!(default));
            parts.push(quote!(
                deserialize_with = "api_core::lenient::null_as_empty::deserialize"
            ));
        }
    }
    match (with, export_serializer(field, presence, role)) {
        (Some(module), Some(export)) => {
            let deserialize = format!("{module}::deserialize");
            parts.push(quote!(deserialize_with = #deserialize));
            parts.push(quote!(serialize_with = #export));
        }
        (Some(module), None) => parts.push(quote!(with = #module)),
        (None, Some(export)) => parts.push(quote!(serialize_with = #export)),
        (None, None) => {}
    }
    if parts.is_empty() {
        quote!()
    } else {
        quote!(#[serde(#(#parts),*)])
    }
}

/// The `api_core::lenient` module a field is (de)serialized with, if any: every date-time and
/// every integer gets one (servers vary in how they write them), booleans on `x-lenient`. The
/// `option_` modules read an unreadable date or integer as `None`.
fn lenient_module(field: &Field, presence: Presence) -> Option<String> {
    let base = match (&field.ty, field.lenient) {
        (Ty::DateTime, _) => "datetime",
        (Ty::UnixTime, _) => "unix_seconds",
        (Ty::I32 | Ty::I64, _) if presence != Presence::Tristate => "integer",
        (Ty::Bool, Some(Lenient::BoolString)) => "bool_or_string",
        (Ty::String, Some(Lenient::StringOrNumber)) if presence != Presence::Tristate => {
            "string_or_number"
        }
        _ => return None,
    };
    Some(match presence {
        Presence::Optional => format!("api_core::lenient::option_{base}"),
        _ => format!("api_core::lenient::{base}"),
    })
}

/// How a response field is written for export when that differs from the wire: UNIX-seconds timestamps
/// as RFC 3339, secrets redacted.
fn export_serializer(field: &Field, presence: Presence, role: Role) -> Option<String> {
    if role != Role::Response {
        return None;
    }
    let optional = presence == Presence::Optional;
    let path = match (&field.ty, optional) {
        (Ty::UnixTime, false) => "api_core::lenient::datetime::serialize",
        (Ty::UnixTime, true) => "api_core::lenient::option_datetime::serialize",
        (Ty::Secret, false) => "api_core::export::redacted",
        (Ty::Secret, true) => "api_core::export::option_redacted",
        _ => return None,
    };
    Some(path.to_owned())
}

/// Whether the struct can derive `Default`: every field starts empty.
pub fn all_fields_default(fields: &[Field]) -> bool {
    fields.iter().all(|f| f.presence() != Presence::Always)
}

/// The output type of `send()`.
pub fn output_type(output: &Output) -> TokenStream {
    match output {
        Output::Unit => quote!(()),
        Output::Json(t) => ty(t, Scope::Operations),
        Output::JsonOrEmpty(t) => {
            let t = ty(t, Scope::Operations);
            quote!(Option<#t>)
        }
        Output::Text => quote!(String),
    }
}
