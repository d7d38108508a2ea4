//! `models.rs`: one struct or open enum per model.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::api::{Api, Field, Model, ModelKind, Ty, Variant};
use super::doc::{doc_attrs, inner_doc_attrs, prose};
use super::emit_types::{Role, Scope, all_fields_default, field_serde, field_type};
use super::names::ident;

pub fn models_file(api: &Api) -> TokenStream {
    let module_doc = inner_doc_attrs(&format!(
        "The models of the {}: one type per schema of `openapi.yaml`.\n\nEnums are open: a value this crate does not know decodes to `Unknown` and is sent back unchanged. Variant names mirror the API's values, so clippy's `enum_variant_names` is allowed here.\n\nStructs the API answers with are `#[non_exhaustive]`, so a field the API adds is not a breaking release. In a test, build one from the JSON the API would send, with `serde_json::from_value(serde_json::json!({{...}}))`: the same decoder the client uses checks it, and fields the test does not care about may be left out when they are optional. A model whose fields are all optional also has `Default`, and every field is public to set.\n\nModels the API answers with serialize for export: every field is written (`null` when absent) so rows are uniform, timestamps as RFC 3339, secrets as `[REDACTED]` (call `expose_secret()` on the field to write the value). Request bodies serialize exactly as the endpoint documents.",
        prose(&api.title)
    ));
    let uses_files = api.models.values().any(|m| match &m.kind {
        ModelKind::Struct(fields) => fields.iter().any(|f| *f.ty.element() == Ty::Binary),
        ModelKind::Enum(_) => false,
    });
    let file_part = if uses_files { file_part() } else { quote!() };
    let requests = request_models(api);
    let models = api
        .models
        .values()
        .map(|m| model(m, role_of(&requests, &m.name)));
    quote! {
        #module_doc
        #![allow(clippy::enum_variant_names)]
        #file_part
        #(#models)*
    }
}

/// The models a request body is made of: each body's model (of a generated operation, or marked
/// `x-request-body`) and every struct it holds, transitively.
fn request_models(api: &Api) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut pending: Vec<String> = api
        .groups
        .iter()
        .flat_map(|g| &g.operations)
        .filter_map(|op| op.body.as_ref().map(|b| b.model.clone()))
        .chain(
            api.models
                .values()
                .filter(|m| m.request_body)
                .map(|m| m.name.clone()),
        )
        .collect();
    while let Some(name) = pending.pop() {
        if !found.insert(name.clone()) {
            continue;
        }
        if let Some(Model {
            kind: ModelKind::Struct(fields),
            ..
        }) = api.model(&name)
        {
            pending.extend(fields.iter().filter_map(|f| struct_name(&f.ty)));
        }
    }
    found
}

fn struct_name(ty: &Ty) -> Option<String> {
    match ty {
        Ty::Struct(name) => Some(name.clone()),
        Ty::Vec(inner) | Ty::Map(inner) => struct_name(inner),
        _ => None,
    }
}

/// A model in a request body serializes exactly; one that is only ever answered serializes for export.
fn role_of(requests: &BTreeSet<String>, name: &str) -> Role {
    if requests.contains(name) {
        Role::Request
    } else {
        Role::Response
    }
}

fn model(model: &Model, role: Role) -> TokenStream {
    match &model.kind {
        ModelKind::Struct(fields) => struct_model(model, fields, role),
        ModelKind::Enum(variants) => enum_model(model, variants),
    }
}

fn model_doc(model: &Model) -> TokenStream {
    let text = match &model.doc {
        Some(doc) => format!("{}\n\nFrom `{}`.", prose(doc), model.origin),
        None => format!("From `{}`.", model.origin),
    };
    doc_attrs(&text)
}

fn struct_model(model: &Model, fields: &[Field], role: Role) -> TokenStream {
    let doc = model_doc(model);
    let name = format_ident!("{}", model.name);
    let default = if all_fields_default(fields) {
        quote!(Default,)
    } else {
        quote!()
    };
    let fields = fields.iter().map(|field| {
        let doc = doc_attrs(&field_doc(field, role));
        let serde = field_serde(field, role);
        let name = ident(&field.name);
        let ty = field_type(field, Scope::Models);
        quote! {
            #doc
            #serde
            pub #name: #ty,
        }
    });
    // An answer may gain fields without a breaking release; a request part is built by users (a struct
    // literal with `..Default::default()` where every field is optional), so it stays open to them.
    let non_exhaustive = match role {
        Role::Response => quote!(#[non_exhaustive]),
        Role::Request => quote!(),
    };
    quote! {
        #doc
        #non_exhaustive
        #[derive(Clone, Debug, #default PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct #name {
            #(#fields)*
        }
    }
}

fn field_doc(field: &Field, role: Role) -> String {
    let mut text = match (&field.doc, field.ty.element()) {
        (Some(doc), _) => prose(doc),
        (None, Ty::Struct(model) | Ty::Enum(model)) => format!("See [`{model}`]."),
        (None, _) => format!("`{}`.", field.wire),
    };
    if field.deprecated {
        text.push_str("\n\nDeprecated by the API.");
    }
    if field.tristate {
        text.push_str("\n\n`Absent` leaves the value as it is, `Null` clears it.");
    }
    if field.ty == Ty::Secret {
        text.push_str(match role {
            Role::Request => "\n\nSecret: printed as `[REDACTED]` by `Debug`.",
            Role::Response => {
                "\n\nSecret: printed as `[REDACTED]` by `Debug` and written as `[REDACTED]` when the model is serialized; `expose_secret()` gives the value."
            }
        });
    }
    text
}

fn enum_model(model: &Model, variants: &[Variant]) -> TokenStream {
    let doc = model_doc(model);
    let name = format_ident!("{}", model.name);
    let idents: Vec<_> = variants
        .iter()
        .map(|v| format_ident!("{}", v.name))
        .collect();
    let values: Vec<&str> = variants.iter().map(|v| v.value.as_str()).collect();
    let variant_docs = variants.iter().map(|v| {
        let text = match &v.doc {
            Some(doc) => format!("`{}`: {}", v.value, prose(doc)),
            None => format!("`{}`.", v.value),
        };
        doc_attrs(&text)
    });
    quote! {
        #doc
        ///
        /// Open: a value this version does not know is kept in `Unknown` and serialized back unchanged.
        #[non_exhaustive]
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum #name {
            #(
                #variant_docs
                #idents,
            )*
            /// A value this version of the crate does not know, exactly as received.
            Unknown(String),
        }

        impl #name {
            /// Every value this version knows, in the order the API documents them.
            pub const KNOWN: &'static [#name] = &[#(#name::#idents),*];

            /// The value as the API writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#name::#idents => #values,)*
                    #name::Unknown(value) => value,
                }
            }

            /// Whether the value is one this version of the crate does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, #name::Unknown(_))
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#values => #name::#idents,)*
                    other => #name::Unknown(other.to_owned()),
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #(#values => #name::#idents,)*
                    _ => #name::Unknown(value),
                }
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(#name::from(value))
            }
        }

        impl AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        /// Whatever the server sent: a string as its value, `null` (and a number, a list or an
        /// object) as `Unknown`, never an error, so one odd field cannot cost the whole answer.
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                api_core::lenient::open_enum_value::deserialize(deserializer).map(#name::from)
            }
        }

        /// The empty `Unknown`: what a missing or `null` value decodes to.
        impl Default for #name {
            fn default() -> Self {
                #name::Unknown(String::new())
            }
        }
    }
}

/// The file of a multipart upload; only generated when a body has a `format: binary` field.
fn file_part() -> TokenStream {
    quote! {
        /// A file sent as one part of a multipart body. `Debug` shows its name and size, never its content.
        #[derive(Clone, Default, PartialEq)]
        pub struct FilePart {
            /// The file name the server sees.
            pub file_name: String,
            /// The part's content type; `None` lets the server guess.
            pub content_type: Option<String>,
            /// The file's content.
            pub bytes: api_core::Bytes,
        }

        impl FilePart {
            /// A file part from a name and its content.
            pub fn new(file_name: impl Into<String>, bytes: impl Into<api_core::Bytes>) -> Self {
                FilePart {
                    file_name: file_name.into(),
                    content_type: None,
                    bytes: bytes.into(),
                }
            }

            /// Sets the content type.
            pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
                self.content_type = Some(content_type.into());
                self
            }
        }

        impl std::fmt::Debug for FilePart {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("FilePart")
                    .field("file_name", &self.file_name)
                    .field("content_type", &self.content_type)
                    .field("len", &self.bytes.len())
                    .finish()
            }
        }
    }
}
