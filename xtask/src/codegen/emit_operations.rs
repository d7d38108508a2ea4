//! `operations/`: per tag a resource group, per operation a builder that validates, builds the
//! `api_core::Request` and sends it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::api::{
    Api, BodyEncoding, Field, Group, Operation, Output, Param, ParamLocation, Presence, Ty,
};
use super::builder_inputs::{
    ArgKind, Input, field_input, optional_inputs, param_input, required_inputs,
};
use super::doc::{doc_attrs, inner_doc_attrs, prose};
use super::emit_examples::example;
use super::emit_pagination as paging;
use super::emit_types::{Scope, empty_value, output_type, ty};
use super::emit_validation::validate_fn;
use super::names::ident;

/// `operations/mod.rs`: the group modules and their re-exports. What every builder shares
/// (request options, tri-state arguments) lives in api-core.
pub fn operations_mod(api: &Api) -> TokenStream {
    let doc = inner_doc_attrs(&format!(
        "Operation builders of the {}, one resource group per tag.\n\nA builder takes the required parameters as arguments and the optional ones as setters; `.await` (or `.send()`) validates the parameters against the spec's limits and sends the request.",
        prose(&api.title)
    ));
    let modules = api.groups.iter().map(|g| format_ident!("{}", g.module));
    let exports = api.groups.iter().map(|g| {
        let module = format_ident!("{}", g.module);
        let mut names: Vec<String> = vec![g.type_name.clone()];
        names.extend(g.operations.iter().map(|o| o.builder.clone()));
        names.sort();
        let names = names.iter().map(|n| format_ident!("{}", n));
        quote!(pub use #module::{#(#names),*};)
    });
    // Tri-state setters take `api_core::IntoPatch`; re-exported so that the trait stays nameable
    // next to the builders that use it.
    let tristate = uses_tristate(api).then(|| {
        quote!(
            pub use api_core::IntoPatch;
        )
    });
    quote! {
        #doc
        #(mod #modules;)*
        #(#exports)*
        #tristate
    }
}

fn uses_tristate(api: &Api) -> bool {
    api.groups
        .iter()
        .flat_map(|g| &g.operations)
        .filter_map(|o| o.body.as_ref())
        .flat_map(|b| &b.fields)
        .any(|f| f.presence() == Presence::Tristate && !f.required)
}

/// `operations/<group>.rs`.
pub fn group_file(api: &Api, group: &Group) -> TokenStream {
    let doc = inner_doc_attrs(&format!(
        "The `{}` resource group{}",
        group.module,
        group
            .doc
            .as_deref()
            .map(|d| format!(": {}", prose(d)))
            .unwrap_or_else(|| ".".to_owned())
    ));
    let group_struct = group_struct(api, group);
    let builders = group.operations.iter().map(|op| builder(api, group, op));
    let body = quote! {
        #group_struct
        #(#builders)*
    };
    // Import only what the file uses, so the generated code compiles without warnings.
    let text = body.to_string();
    let models = text.contains("models ::").then(|| {
        quote!(
            use super::super::models;
        )
    });
    let patch = text.contains("IntoPatch").then(|| {
        quote!(
            use api_core::IntoPatch;
        )
    });
    quote! {
        #doc
        use std::future::IntoFuture;
        use std::time::Duration;

        #models
        #patch

        #body
    }
}

fn group_struct(api: &Api, group: &Group) -> TokenStream {
    let name = format_ident!("{}", group.type_name);
    let mut text = match &group.doc {
        Some(doc) => prose(doc),
        None => format!("The `{}` operations.", group.module),
    };
    text.push_str(&format!(
        "\n\nThe crate's client hands this out; each method starts a builder. Cloning is cheap: every clone shares the {} client.",
        prose(&api.title)
    ));
    let doc = doc_attrs(&text);
    let methods = group.operations.iter().map(|op| {
        let method = ident(&op.method_name);
        let builder = format_ident!("{}", op.builder);
        let args = required_inputs(op);
        let params = args.iter().map(|a| {
            let name = ident(&a.name);
            let ty = a.kind.arg_type();
            quote!(#name: #ty)
        });
        let names = args.iter().map(|a| ident(&a.name));
        let doc = doc_attrs(&format!("{}\n\nSee [`{}`].", summary(op), op.builder));
        let allow = many_arguments(args.len() + 1);
        quote! {
            #doc
            #allow
            pub fn #method(&self, #(#params),*) -> #builder {
                #builder::new(self.client.clone(), #(#names),*)
            }
        }
    });
    quote! {
        #doc
        #[derive(Clone, Debug)]
        pub struct #name {
            client: api_core::Client,
        }

        impl #name {
            /// A resource group on top of a configured core client.
            pub(crate) fn new(client: api_core::Client) -> Self {
                #name { client }
            }

            /// The core client the group's calls go through, for operations written by hand
            /// on top of the generated ones.
            #[allow(dead_code)]
            pub(crate) fn core(&self) -> &api_core::Client {
                &self.client
            }

            #(#methods)*
        }
    }
}

fn summary(op: &Operation) -> String {
    match &op.summary {
        Some(summary) => prose(summary),
        None => format!("`{} {}`.", op.http_method, op.path),
    }
}

fn builder(api: &Api, group: &Group, op: &Operation) -> TokenStream {
    let name = format_ident!("{}", op.builder);
    let doc = doc_attrs(&builder_doc(api, group, op));
    let required = required_inputs(op);
    let optional = optional_inputs(op);

    let param_fields = op.params.iter().map(|p| {
        let name = ident(&p.name);
        let t = ty(&p.ty, Scope::Operations);
        if p.required {
            quote!(#name: #t,)
        } else {
            quote!(#name: Option<#t>,)
        }
    });
    let body_field = op.body.as_ref().map(|b| {
        let model = format_ident!("{}", b.model);
        quote!(body: models::#model,)
    });
    let paging_fields = op.paging.as_ref().map(paging::builder_fields);

    let new_fn = new_fn(op, &required);
    let setters = optional.iter().map(setter);
    let validate = validate_fn(op);
    let request_fn = request_fn(op, validate.is_some());
    let extra_fns = body_encoders(op);
    let output = output_type(&op.output);
    let error = api.error_ty();
    let send_body = send_body(api, op);
    let paging_fns = op
        .paging
        .as_ref()
        .map(|p| paging::paging_fns(api, op, p, validate.is_some()));

    quote! {
        #doc
        #[derive(Clone, Debug)]
        #[must_use = "a request is sent only by `.send()` or `.await`"]
        pub struct #name {
            client: api_core::Client,
            #(#param_fields)*
            #body_field
            options: api_core::RequestOptions,
            #paging_fields
        }

        impl #name {
            #new_fn
            #(#setters)*

            /// Overrides the client's per-attempt timeout for this call.
            pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
                self.options.attempt_timeout = Some(timeout);
                self
            }

            /// Overrides the client's overall deadline (all attempts and waits) for this call.
            pub fn overall_timeout(mut self, timeout: Duration) -> Self {
                self.options.overall_timeout = Some(timeout);
                self
            }

            /// Overrides the client's retry policy for this call.
            pub fn retry_policy(mut self, policy: api_core::RetryPolicy) -> Self {
                self.options.retry_policy = Some(policy);
                self
            }

            #validate
            #request_fn
            #extra_fns

            /// Validates the parameters, sends the request (with the client's retries) and decodes the
            /// answer. `.await` on the builder does the same. The future owns what it needs, so it
            /// can be spawned.
            pub fn send(self) -> api_core::BoxFuture<'static, Result<#output, #error>> {
                #send_body
            }

            #paging_fns
        }

        impl IntoFuture for #name {
            type Output = Result<#output, #error>;
            type IntoFuture = api_core::BoxFuture<'static, Self::Output>;

            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    }
}

/// The body of `send`. A call answering with api-core's error and a decoded model hands on the
/// core's future, which is boxed already; the others adapt its output in a box of their own.
fn send_body(api: &Api, op: &Operation) -> TokenStream {
    let direct = api.error_type.is_none() && !matches!(op.output, Output::Unit);
    if direct {
        return quote! {
            match self.build_request() {
                Ok(request) => self.client.send_json(request),
                Err(error) => Box::pin(std::future::ready(Err(error))),
            }
        };
    }
    let call = match &op.output {
        Output::Unit => quote!(self.client.execute(request).await.map(|_| ())),
        _ => quote!(self.client.send_json(request).await),
    };
    // api-core answers with its own error; a crate with its own type converts it.
    let call = match &api.error_type {
        None => call,
        Some(_) => {
            let error = api.error_ty();
            quote!(#call.map_err(#error::from))
        }
    };
    quote! {
        Box::pin(async move {
            let request = self.build_request()?;
            #call
        })
    }
}

fn builder_doc(api: &Api, group: &Group, op: &Operation) -> String {
    let mut text = summary(op);
    if let Some(description) = &op.description {
        text.push_str("\n\n");
        text.push_str(&prose(description));
    }
    text.push_str(&format!(
        "\n\n`{} {}` (operation `{}`).",
        op.http_method, op.path, op.id
    ));
    if op.deprecated {
        text.push_str(" Deprecated by the API.");
    }
    if op.anonymous {
        text.push_str(" Sent without authentication.");
    }
    if op.idempotent == Some(true) && matches!(op.http_method, "POST" | "PATCH") {
        text.push_str(" Safe to retry: the server does not act twice.");
    }
    if !op.statuses.is_empty() {
        text.push_str("\n\n# Responses\n");
        for (status, description) in &op.statuses {
            let description = prose(description).replace('\n', " ");
            text.push_str(&format!("\n- `{status}`: {description}"));
        }
    }
    text.push_str("\n\n# Example\n\n");
    text.push_str(&example(api, group, op));
    text
}

fn new_fn(op: &Operation, required: &[Input]) -> TokenStream {
    let args = required.iter().map(|a| {
        let name = ident(&a.name);
        let t = a.kind.arg_type();
        quote!(#name: #t)
    });
    let params = op.params.iter().map(|p| {
        let name = ident(&p.name);
        if p.required {
            init(&name, &param_input(p).kind)
        } else {
            quote!(#name: None,)
        }
    });
    let body = op.body.as_ref().map(|b| {
        let model = format_ident!("{}", b.model);
        let fields = b.fields.iter().map(|f| {
            let name = ident(&f.name);
            if f.required {
                init(&name, &field_input(f).kind)
            } else {
                let empty = empty_value(f);
                quote!(#name: #empty,)
            }
        });
        quote!(body: models::#model { #(#fields)* },)
    });
    let paging = op.paging.as_ref().map(paging::builder_init);
    let allow = many_arguments(required.len() + 1);
    quote! {
        #allow
        fn new(client: api_core::Client, #(#args),*) -> Self {
            Self {
                client,
                #(#params)*
                #body
                options: api_core::RequestOptions::default(),
                #paging
            }
        }
    }
}

/// `name: <converted>,` in a struct literal, or the shorthand `name,` when nothing converts.
fn init(name: &proc_macro2::Ident, kind: &ArgKind) -> TokenStream {
    match kind {
        ArgKind::Plain(_) => quote!(#name,),
        other => {
            let value = other.convert(&quote!(#name));
            quote!(#name: #value,)
        }
    }
}

/// Clippy's limit is 7 arguments; an operation with many required parameters needs them all.
fn many_arguments(count: usize) -> TokenStream {
    if count > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    }
}

fn setter(input: &Input) -> TokenStream {
    let name = ident(&input.name);
    let doc = doc_attrs(&input.doc);
    let arg = input.kind.arg_type();
    let value = input.kind.convert(&quote!(#name));
    let value = if input.wrap_some {
        quote!(Some(#value))
    } else {
        value
    };
    let target = &input.target;
    quote! {
        #doc
        pub fn #name(mut self, #name: #arg) -> Self {
            self.#target = #value;
            self
        }
    }
}

fn request_fn(op: &Operation, validates: bool) -> TokenStream {
    let method = format_ident!("{}", op.http_method);
    let id = &op.id;
    let path = &op.path;
    let validate = validates.then(|| quote!(self.check_limits()?;));
    let mut chain: Vec<TokenStream> = Vec::new();
    for param in &op.params {
        match param.location {
            ParamLocation::Path => {
                let wire = &param.wire;
                let value = scalar_value(&param.ty, &field_expr(&param.name));
                chain.push(quote!(.path_param(#wire, #value)));
            }
            ParamLocation::Query => chain.push(query_call(param)),
            ParamLocation::Header => {}
        }
    }
    if let Some(idempotent) = op.idempotent {
        chain.push(quote!(.idempotent(#idempotent)));
    }
    if op.anonymous {
        chain.push(quote!(.anonymous()));
    }
    match op.body.as_ref().map(|b| b.encoding) {
        Some(BodyEncoding::Json) => chain.push(quote!(.json(&self.body)?)),
        Some(BodyEncoding::Form) => chain.push(quote!(.form(self.form_pairs()))),
        Some(BodyEncoding::Multipart) => chain.push(quote!(.multipart(self.multipart_parts()))),
        None => {}
    }
    match &op.output {
        Output::JsonOrEmpty(_) => {
            chain.push(quote!(.expect(api_core::BodyExpectation::JsonOrEmpty)))
        }
        Output::Text => chain.push(quote!(.expect(api_core::BodyExpectation::StringOrText))),
        Output::Unit | Output::Json(_) => {}
    }
    let headers = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Header)
        .map(|p| header_statement(op, p));
    quote! {
        /// The request this builder describes, after checking the parameters against the spec's limits.
        fn build_request(&self) -> Result<api_core::Request, api_core::Error> {
            #validate
            let request = api_core::Request::new(api_core::Method::#method, #id, #path)
                #(#chain)*;
            #(#headers)*
            Ok(self.options.apply(request))
        }
    }
}

fn field_expr(name: &str) -> TokenStream {
    let name = ident(name);
    quote!(self.#name)
}

/// A scalar as something `ToString`: secrets exposed, timestamps as UNIX seconds, the rest by `Display`.
fn scalar_value(t: &Ty, place: &TokenStream) -> TokenStream {
    match t {
        Ty::Secret => quote!(#place.expose_secret()),
        Ty::UnixTime => quote!(#place.unix_timestamp()),
        _ => quote!(&#place),
    }
}

/// The same for a value reached through a reference `v`.
fn scalar_value_ref(t: &Ty) -> Option<TokenStream> {
    match t {
        Ty::Secret => Some(quote!(|value| value.expose_secret())),
        Ty::UnixTime => Some(quote!(|value| value.unix_timestamp())),
        _ => None,
    }
}

fn query_call(param: &Param) -> TokenStream {
    let wire = &param.wire;
    let place = field_expr(&param.name);
    match (&param.ty, param.required) {
        (Ty::Vec(inner), required) => {
            let values = if required {
                quote!(#place.iter())
            } else {
                quote!(#place.iter().flatten())
            };
            let values = match scalar_value_ref(inner) {
                Some(map) => quote!(#values.map(#map)),
                None => values,
            };
            if param.explode {
                quote!(.query_all(#wire, #values))
            } else {
                let joined =
                    quote!(#values.map(|value| value.to_string()).collect::<Vec<_>>().join(","));
                if required {
                    quote!(.query(#wire, #joined))
                } else {
                    let joined = quote!(#place.as_ref().map(|list| list.iter().map(|value| value.to_string()).collect::<Vec<_>>().join(",")));
                    quote!(.query_opt(#wire, #joined))
                }
            }
        }
        (t, true) => {
            let value = scalar_value(t, &place);
            quote!(.query(#wire, #value))
        }
        (t, false) => {
            let value = match scalar_value_ref(t) {
                Some(map) => quote!(#place.as_ref().map(#map)),
                None => quote!(#place.as_ref()),
            };
            quote!(.query_opt(#wire, #value))
        }
    }
}

fn header_statement(op: &Operation, param: &Param) -> TokenStream {
    let id = &op.id;
    let header = param.wire.to_ascii_lowercase();
    let message = format!("`{}` is not a valid header value", param.wire);
    let place = field_expr(&param.name);
    let text = match &param.ty {
        Ty::Secret => quote!(value.expose_secret().to_owned()),
        _ => quote!(value.to_string()),
    };
    let value = quote! {
        api_core::HeaderValue::from_str(&text)
            .map_err(|_| api_core::Error::invalid_request(#id, #message))?
    };
    // A secret header is marked sensitive so HTTP tooling keeps it out of its own logs.
    let value = if param.ty == Ty::Secret {
        quote! {
            let mut header_value = #value;
            header_value.set_sensitive(true);
        }
    } else {
        quote!(let header_value = #value;)
    };
    let add = quote! {
        let text = #text;
        #value
        request.header(api_core::HeaderName::from_static(#header), header_value)
    };
    if param.required {
        quote! {
            let request = {
                let value = &#place;
                #add
            };
        }
    } else {
        quote! {
            let request = match &#place {
                Some(value) => { #add }
                None => request,
            };
        }
    }
}

/// `form_pairs()` / `multipart_parts()` for form and multipart bodies.
fn body_encoders(op: &Operation) -> TokenStream {
    let Some(body) = &op.body else {
        return quote!();
    };
    match body.encoding {
        BodyEncoding::Json => quote!(),
        BodyEncoding::Form => {
            let pushes = body.fields.iter().map(|f| {
                push_field(
                    f,
                    |wire, value| quote!(pairs.push((#wire.to_owned(), #value));),
                )
            });
            quote! {
                /// The body as `application/x-www-form-urlencoded` pairs.
                fn form_pairs(&self) -> Vec<(String, String)> {
                    let mut pairs = Vec::new();
                    #(#pushes)*
                    pairs
                }
            }
        }
        BodyEncoding::Multipart => {
            let pushes = body.fields.iter().map(|f| {
                if *f.ty.element() == Ty::Binary {
                    file_part_push(f)
                } else {
                    push_field(f, |wire, value| {
                        quote!(parts.push(api_core::MultipartPart::text(#wire, #value));)
                    })
                }
            });
            quote! {
                /// The body as multipart parts, files included.
                fn multipart_parts(&self) -> Vec<api_core::MultipartPart> {
                    let mut parts = Vec::new();
                    #(#pushes)*
                    parts
                }
            }
        }
    }
}

/// Pushes one form or multipart field, its value as text; lists repeat the key, `null` is empty.
fn push_field(field: &Field, push: impl Fn(&str, TokenStream) -> TokenStream) -> TokenStream {
    let name = ident(&field.name);
    let wire = field.wire.as_str();
    let text = |t: &Ty| match t {
        Ty::String => quote!(value.clone()),
        Ty::Secret => quote!(value.expose_secret().to_owned()),
        Ty::UnixTime => quote!(value.unix_timestamp().to_string()),
        _ => quote!(value.to_string()),
    };
    let one = |t: &Ty| {
        if let Ty::Vec(inner) = t {
            let item = push(wire, text(inner));
            quote!(for value in list { #item })
        } else {
            push(wire, text(t))
        }
    };
    let bind = |t: &Ty| {
        if matches!(t, Ty::Vec(_)) {
            quote!(list)
        } else {
            quote!(value)
        }
    };
    let binding = bind(&field.ty);
    let action = one(&field.ty);
    match field.presence() {
        Presence::Always | Presence::EmptyList => quote! {
            {
                let #binding = &self.body.#name;
                #action
            }
        },
        Presence::Optional => quote! {
            if let Some(#binding) = &self.body.#name {
                #action
            }
        },
        Presence::Tristate => {
            let empty = push(wire, quote!(String::new()));
            quote! {
                match &self.body.#name {
                    api_core::Patch::Value(#binding) => { #action }
                    api_core::Patch::Null => { #empty }
                    api_core::Patch::Absent => {}
                }
            }
        }
    }
}

fn file_part_push(field: &Field) -> TokenStream {
    let name = ident(&field.name);
    let wire = field.wire.as_str();
    let push = quote! {
        parts.push(api_core::MultipartPart::file(
            #wire,
            file.file_name.clone(),
            file.content_type.clone(),
            file.bytes.clone(),
        ));
    };
    match (field.presence(), matches!(field.ty, Ty::Vec(_))) {
        (Presence::Optional, true) => quote! {
            for file in self.body.#name.iter().flatten() {
                #push
            }
        },
        (_, true) => quote! {
            for file in &self.body.#name {
                #push
            }
        },
        (Presence::Optional, false) => quote! {
            if let Some(file) = &self.body.#name {
                #push
            }
        },
        (_, false) => quote! {
            {
                let file = &self.body.#name;
                #push
            }
        },
    }
}
