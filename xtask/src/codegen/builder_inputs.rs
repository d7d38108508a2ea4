//! The inputs of a generated builder: which parameters and body fields it takes, in what order,
//! and how each argument is converted into the value the builder stores.

use proc_macro2::TokenStream;
use quote::quote;

use super::api::{Field, Operation, Param, ParamLocation, Presence, Ty};
use super::doc::prose;
use super::emit_types::{Scope, field_type, ty};
use super::names::ident;

/// How a builder argument or setter takes its value.
#[derive(Clone, Debug)]
pub enum ArgKind {
    /// `impl Into<T>`.
    Into(TokenStream),
    /// `T` as is.
    Plain(TokenStream),
    /// A list: `impl IntoIterator<Item = ...>`, the items `impl Into<T>` when `into`.
    List { item: TokenStream, into: bool },
    /// A tri-state field: `impl IntoPatch<T>`.
    Patch(TokenStream),
}

impl ArgKind {
    pub fn of(t: &Ty) -> ArgKind {
        match t {
            Ty::Vec(inner) => ArgKind::List {
                item: ty(inner, Scope::Operations),
                into: converts(inner),
            },
            other if converts(other) => ArgKind::Into(ty(other, Scope::Operations)),
            other => ArgKind::Plain(ty(other, Scope::Operations)),
        }
    }

    pub fn arg_type(&self) -> TokenStream {
        match self {
            ArgKind::Into(t) => quote!(impl Into<#t>),
            ArgKind::Plain(t) => t.clone(),
            ArgKind::List { item, into: true } => {
                quote!(impl IntoIterator<Item = impl Into<#item>>)
            }
            ArgKind::List { item, into: false } => quote!(impl IntoIterator<Item = #item>),
            ArgKind::Patch(t) => quote!(impl IntoPatch<#t>),
        }
    }

    /// The expression turning the argument `name` into the stored value.
    pub fn convert(&self, name: &TokenStream) -> TokenStream {
        match self {
            ArgKind::Into(_) => quote!(#name.into()),
            ArgKind::Plain(_) => quote!(#name),
            ArgKind::List { into: true, .. } => quote!(#name.into_iter().map(Into::into).collect()),
            ArgKind::List { into: false, .. } => quote!(#name.into_iter().collect()),
            ArgKind::Patch(_) => quote!(#name.into_patch()),
        }
    }
}

/// Types a caller may give in a more convenient form (`&str` for a `String`, an enum from its string).
fn converts(t: &Ty) -> bool {
    matches!(t, Ty::String | Ty::Secret | Ty::Enum(_))
}

/// One input of a builder: a parameter or a body field.
#[derive(Clone, Debug)]
pub struct Input {
    pub name: String,
    pub kind: ArgKind,
    /// Where the value is stored on the builder (`self.<target>`).
    pub target: TokenStream,
    /// The stored value wraps the converted argument in `Some`.
    pub wrap_some: bool,
    pub doc: String,
    pub ty: Ty,
    /// A required but nullable body field: the argument is an `Option`.
    pub nullable_arg: bool,
}

/// The required inputs in argument order: required parameters, then required body fields in the
/// order of the schema's `required` list.
pub fn required_inputs(op: &Operation) -> Vec<Input> {
    let mut inputs: Vec<Input> = op.required_params().map(param_input).collect();
    if let Some(body) = &op.body {
        for wire in &body.required {
            if let Some(field) = body.fields.iter().find(|f| f.wire == *wire) {
                inputs.push(field_input(field));
            }
        }
    }
    inputs
}

pub fn optional_inputs(op: &Operation) -> Vec<Input> {
    let mut inputs: Vec<Input> = op.optional_params().map(param_input).collect();
    if let Some(body) = &op.body {
        inputs.extend(body.fields.iter().filter(|f| !f.required).map(field_input));
    }
    inputs
}

pub fn param_input(param: &Param) -> Input {
    let name = ident(&param.name);
    let place = match param.location {
        ParamLocation::Path => "path parameter",
        ParamLocation::Query => "query parameter",
        ParamLocation::Header => "header",
    };
    let mut doc = match (&param.doc, param.ty.element()) {
        (Some(doc), _) => prose(doc),
        (None, Ty::Enum(model)) => format!("See [`models::{model}`]."),
        (None, _) => format!("`{}`.", param.wire),
    };
    doc.push_str(&format!("\n\nSent as the {place} `{}`.", param.wire));
    push_notes(
        &mut doc,
        param.ty == Ty::Secret,
        param.deprecated,
        &limits_text(&param.limits),
    );
    Input {
        name: param.name.clone(),
        kind: ArgKind::of(&param.ty),
        target: quote!(#name),
        wrap_some: !param.required,
        doc,
        ty: param.ty.clone(),
        nullable_arg: false,
    }
}

pub fn field_input(field: &Field) -> Input {
    let name = ident(&field.name);
    let mut doc = match (&field.doc, field.ty.element()) {
        (Some(doc), _) => prose(doc),
        (None, Ty::Struct(model) | Ty::Enum(model)) => format!("See [`models::{model}`]."),
        (None, _) => format!("`{}`.", field.wire),
    };
    doc.push_str(&format!("\n\nSent as the body field `{}`.", field.wire));
    if field.presence() == Presence::Tristate {
        doc.push_str(" `None` clears it on the server; not calling this leaves it as it is.");
    }
    push_notes(
        &mut doc,
        *field.ty.element() == Ty::Secret,
        field.deprecated,
        &limits_text(&field.limits),
    );
    let presence = field.presence();
    let kind = match presence {
        Presence::Tristate => ArgKind::Patch(ty(&field.ty, Scope::Operations)),
        // A required but nullable field: the argument is the `Option` itself.
        Presence::Optional if field.required => {
            ArgKind::Plain(field_type(field, Scope::Operations))
        }
        _ => ArgKind::of(&field.ty),
    };
    Input {
        name: field.name.clone(),
        kind,
        target: quote!(body.#name),
        wrap_some: presence == Presence::Optional && !field.required,
        doc,
        ty: field.ty.clone(),
        nullable_arg: presence == Presence::Optional && field.required,
    }
}

fn push_notes(doc: &mut String, secret: bool, deprecated: bool, limits: &str) {
    if !limits.is_empty() {
        doc.push_str(&format!(" {limits}"));
    }
    if secret {
        doc.push_str(" Secret: never printed by `Debug`.");
    }
    if deprecated {
        doc.push_str(" Deprecated by the API.");
    }
}

/// The limits as a sentence for the docs ("At least 0.").
fn limits_text(limits: &super::api::Limits) -> String {
    let mut parts = Vec::new();
    match (&limits.minimum, &limits.maximum) {
        (Some(min), Some(max)) => parts.push(format!("From {min} to {max}.")),
        (Some(min), None) => parts.push(format!("At least {min}.")),
        (None, Some(max)) => parts.push(format!("At most {max}.")),
        (None, None) => {}
    }
    match (limits.min_length, limits.max_length) {
        (Some(min), Some(max)) => parts.push(format!("{min} to {max} characters.")),
        (Some(min), None) => parts.push(format!("At least {min} character(s).")),
        (None, Some(max)) => parts.push(format!("At most {max} characters.")),
        (None, None) => {}
    }
    match (limits.min_items, limits.max_items) {
        (Some(min), Some(max)) => parts.push(format!("{min} to {max} items.")),
        (Some(min), None) => parts.push(format!("At least {min} item(s).")),
        (None, Some(max)) => parts.push(format!("At most {max} items.")),
        (None, None) => {}
    }
    parts.join(" ")
}
