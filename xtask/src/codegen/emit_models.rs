//! `models.rs`: one struct or open enum per model.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::api::{Api, Field, Model, ModelKind, Ty, Variant};
use super::doc::{doc_attrs, inner_doc_attrs, prose};
use super::emit_types::{Scope, all_fields_default, field_serde, field_type};
use super::names::ident;

pub fn models_file(api: &Api) -> TokenStream {
    let module_doc = inner_doc_attrs(&format!(
        "The models of the {}: one type per schema of `openapi.yaml`.\n\nEnums are open: a value this crate does not know decodes to `Unknown` and is sent back unchanged. Variant names mirror the API's values, so clippy's `enum_variant_names` is allowed here.",
        prose(&api.title)
    ));
    let uses_files = api.models.values().any(|m| match &m.kind {
        ModelKind::Struct(fields) => fields.iter().any(|f| *f.ty.element() == Ty::Binary),
        ModelKind::Enum(_) => false,
    });
    let file_part = if uses_files { file_part() } else { quote!() };
    let models = api.models.values().map(model);
    quote! {
        #module_doc
        #![allow(clippy::enum_variant_names)]
        #file_part
        #(#models)*
    }
}

fn model(model: &Model) -> TokenStream {
    match &model.kind {
        ModelKind::Struct(fields) => struct_model(model, fields),
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

fn struct_model(model: &Model, fields: &[Field]) -> TokenStream {
    let doc = model_doc(model);
    let name = format_ident!("{}", model.name);
    let default = if all_fields_default(fields) {
        quote!(Default,)
    } else {
        quote!()
    };
    let fields = fields.iter().map(|field| {
        let doc = doc_attrs(&field_doc(field));
        let serde = field_serde(field);
        let name = ident(&field.name);
        let ty = field_type(field, Scope::Models);
        quote! {
            #doc
            #serde
            pub #name: #ty,
        }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, #default PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct #name {
            #(#fields)*
        }
    }
}

fn field_doc(field: &Field) -> String {
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
        text.push_str("\n\nSecret: printed as `[REDACTED]` by `Debug`.");
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
