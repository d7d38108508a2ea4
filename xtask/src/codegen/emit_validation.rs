//! `validate()`: the spec's limits (`minimum`, `maximum`, `minLength`, `maxLength`, `minItems`,
//! `maxItems`) checked before a request leaves the machine. Messages name the parameter, never its value.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::api::{Limits, Operation, Presence, Ty};
use super::names::ident;

/// The builder's `validate()`, or nothing when the operation has no limits to check.
pub fn validate_fn(op: &Operation) -> Option<TokenStream> {
    let mut checks: Vec<TokenStream> = Vec::new();
    for param in &op.params {
        let name = ident(&param.name);
        let place = quote!(self.#name);
        let presence = if param.required {
            Presence::Always
        } else {
            Presence::Optional
        };
        checks.extend(checks_for(
            op,
            &param.wire,
            &param.ty,
            &param.limits,
            &place,
            presence,
        ));
    }
    for field in op.body.iter().flat_map(|b| &b.fields) {
        let name = ident(&field.name);
        let place = quote!(self.body.#name);
        checks.extend(checks_for(
            op,
            &field.wire,
            &field.ty,
            &field.limits,
            &place,
            field.presence(),
        ));
    }
    if checks.is_empty() {
        return None;
    }
    Some(quote! {
        /// Checks the values against the spec's limits, before anything is sent.
        fn check_limits(&self) -> Result<(), api_core::Error> {
            #(#checks)*
            Ok(())
        }
    })
}

/// One `if` per limit: the condition that breaks it, and the error naming the field.
fn checks_for(
    op: &Operation,
    wire: &str,
    ty: &Ty,
    limits: &Limits,
    place: &TokenStream,
    presence: Presence,
) -> Vec<TokenStream> {
    let id = op.id.as_str();
    // Inside a closure or pattern the value is a reference; a field read directly is a place.
    let direct = matches!(presence, Presence::Always | Presence::EmptyList);
    let value = if direct { place.clone() } else { quote!(value) };
    let number = if direct {
        place.clone()
    } else {
        quote!(*value)
    };
    let mut broken: Vec<(TokenStream, String)> = Vec::new();
    match ty {
        Ty::I32 | Ty::I64 | Ty::F64 => {
            let literal = |n: &serde_json::Number| match ty {
                Ty::F64 => Literal::f64_unsuffixed(n.as_f64().unwrap_or_default()),
                _ => Literal::i64_unsuffixed(n.as_i64().unwrap_or_default()),
            };
            if let Some(min) = &limits.minimum {
                let bound = literal(min);
                broken.push((
                    quote!(#number < #bound),
                    format!("`{wire}` must be at least {min}"),
                ));
            }
            if let Some(max) = &limits.maximum {
                let bound = literal(max);
                broken.push((
                    quote!(#number > #bound),
                    format!("`{wire}` must be at most {max}"),
                ));
            }
        }
        Ty::String | Ty::Secret => {
            let text = if *ty == Ty::Secret {
                quote!(#value.expose_secret())
            } else {
                value.clone()
            };
            if limits.min_length == Some(1) {
                broken.push((
                    quote!(#text.is_empty()),
                    format!("`{wire}` must not be empty"),
                ));
            } else if let Some(min) = limits.min_length.filter(|m| *m > 1) {
                let bound = Literal::u64_unsuffixed(min);
                broken.push((
                    quote!(#text.chars().count() < #bound),
                    format!("`{wire}` must be at least {min} characters long"),
                ));
            }
            if let Some(max) = limits.max_length {
                let bound = Literal::u64_unsuffixed(max);
                broken.push((
                    quote!(#text.chars().count() > #bound),
                    format!("`{wire}` must be at most {max} characters long"),
                ));
            }
        }
        Ty::Vec(_) => {
            if limits.min_items == Some(1) {
                broken.push((
                    quote!(#value.is_empty()),
                    format!("`{wire}` must not be empty"),
                ));
            } else if let Some(min) = limits.min_items.filter(|m| *m > 1) {
                let bound = Literal::u64_unsuffixed(min);
                broken.push((
                    quote!(#value.len() < #bound),
                    format!("`{wire}` must have at least {min} items"),
                ));
            }
            if let Some(max) = limits.max_items {
                let bound = Literal::u64_unsuffixed(max);
                broken.push((
                    quote!(#value.len() > #bound),
                    format!("`{wire}` must have at most {max} items"),
                ));
            }
        }
        _ => {}
    }
    broken
        .into_iter()
        .map(|(condition, message)| {
            let condition = match presence {
                Presence::Always | Presence::EmptyList => condition,
                Presence::Optional => quote!(#place.as_ref().is_some_and(|value| #condition)),
                Presence::Tristate => {
                    quote!(matches!(&#place, api_core::Patch::Value(value) if #condition))
                }
            };
            quote! {
                if #condition {
                    return Err(api_core::Error::invalid_request(#id, #message));
                }
            }
        })
        .collect()
}
