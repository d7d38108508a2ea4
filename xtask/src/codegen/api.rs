//! The API as the emitters see it: schemas resolved to Rust types, operations with their parameters,
//! body, output and paging. Built from a [`Spec`](super::spec::Spec) by `lower` and `lower_ops`.

use std::collections::BTreeMap;

/// A Rust type a field, parameter or output can have.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    String,
    /// `api_core::SecretString` (`x-secret`).
    Secret,
    I32,
    I64,
    F64,
    Bool,
    /// `string, format: date-time`: `api_core::OffsetDateTime`, parsed leniently.
    DateTime,
    /// `integer, format: unix-time`: `api_core::OffsetDateTime` as UNIX seconds.
    UnixTime,
    /// Anything goes: `serde_json::Value`.
    Json,
    /// `string, format: binary` in a multipart body: a file part.
    Binary,
    /// A generated struct, by Rust name.
    Struct(String),
    /// A generated open enum, by Rust name.
    Enum(String),
    Vec(Box<Ty>),
    Map(Box<Ty>),
}

impl Ty {
    /// The element type of a list, the type itself otherwise.
    pub fn element(&self) -> &Ty {
        match self {
            Ty::Vec(inner) => inner,
            other => other,
        }
    }
}

/// `x-lenient` on a property.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lenient {
    /// A boolean that may arrive as `"true"` / `"false"`.
    BoolString,
    /// A list where `null` or a missing field means empty.
    NullAsEmpty,
    /// A string that may arrive as a JSON number (kept as its decimal text).
    StringOrNumber,
}

/// The spec's limits on a value, checked before a request is sent.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Limits {
    pub minimum: Option<serde_json::Number>,
    pub maximum: Option<serde_json::Number>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
}

/// One property of a struct.
#[derive(Clone, Debug)]
pub struct Field {
    /// The JSON name.
    pub wire: String,
    /// The snake_case Rust name.
    pub name: String,
    pub ty: Ty,
    pub doc: Option<String>,
    pub required: bool,
    pub nullable: bool,
    pub tristate: bool,
    pub lenient: Option<Lenient>,
    pub limits: Limits,
    pub deprecated: bool,
}

impl Field {
    /// How the field is stored in the struct.
    pub fn presence(&self) -> Presence {
        if self.tristate {
            Presence::Tristate
        } else if self.lenient == Some(Lenient::NullAsEmpty) {
            Presence::EmptyList
        } else if self.required && !self.nullable {
            Presence::Always
        } else {
            Presence::Optional
        }
    }
}

/// How a field is held: `T`, `Option<T>`, `Patch<T>` or a `Vec<T>` that is empty when missing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    Always,
    Optional,
    Tristate,
    EmptyList,
}

#[derive(Clone, Debug)]
pub struct Variant {
    pub value: String,
    pub name: String,
    pub doc: Option<String>,
}

#[derive(Clone, Debug)]
pub enum ModelKind {
    Struct(Vec<Field>),
    Enum(Vec<Variant>),
}

/// One generated type of `models.rs`.
#[derive(Clone, Debug)]
pub struct Model {
    pub name: String,
    /// Where it comes from, for the docs (`components.schemas.Session`).
    pub origin: String,
    pub doc: Option<String>,
    pub kind: ModelKind,
    /// `x-request-body`: sent as a body by hand-written code.
    pub request_body: bool,
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
}

#[derive(Clone, Debug)]
pub struct Param {
    pub wire: String,
    pub name: String,
    pub location: ParamLocation,
    pub ty: Ty,
    pub doc: Option<String>,
    pub required: bool,
    pub limits: Limits,
    /// Arrays in the query: repeated keys (`true`, the OpenAPI default) or one comma-joined value.
    pub explode: bool,
    pub deprecated: bool,
}

/// How the request body is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyEncoding {
    Json,
    Form,
    Multipart,
}

#[derive(Clone, Debug)]
pub struct Body {
    pub encoding: BodyEncoding,
    /// The struct holding the body.
    pub model: String,
    pub fields: Vec<Field>,
    /// Wire names of the required fields, in the order of the schema's `required` list: the order of
    /// the builder's arguments.
    pub required: Vec<String>,
}

/// What `send()` gives back.
#[derive(Clone, Debug, PartialEq)]
pub enum Output {
    /// No body (or `x-body: empty`).
    Unit,
    Json(Ty),
    /// `x-body: empty-or-null`: `None` for an empty body or `null`.
    JsonOrEmpty(Ty),
    /// `x-body: bare-string`: a JSON string or plain text.
    Text,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageStyle {
    Offset,
    Token,
    OffsetToken,
    Page,
}

/// A field path into the envelope, each step with whether it is an `Option`.
pub type Accessor = Vec<(String, bool)>;

/// What `x-pagination` resolves to.
#[derive(Clone, Debug)]
pub struct Paging {
    pub style: PageStyle,
    pub page_size: u32,
    pub item: Ty,
    /// The list in the envelope (`None`: the body is the list), and whether it is an `Option`.
    pub items: Option<(String, bool)>,
    pub more_results: Option<Accessor>,
    /// `paging.next`, and whether it is a numeric string rather than an integer.
    pub next_offset: Option<(Accessor, bool)>,
    pub next_token: Option<Accessor>,
}

#[derive(Clone, Debug)]
pub struct Operation {
    pub id: String,
    pub builder: String,
    pub method_name: String,
    pub http_method: &'static str,
    pub path: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub output: Output,
    pub paging: Option<Paging>,
    pub idempotent: Option<bool>,
    pub anonymous: bool,
    /// Status codes the spec documents, with their descriptions, for the docs.
    pub statuses: Vec<(String, String)>,
}

impl Operation {
    /// Required parameters in order: path parameters, then required query and header parameters.
    pub fn required_params(&self) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(|p| p.required)
    }

    pub fn optional_params(&self) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(|p| !p.required)
    }

    pub fn param(&self, wire: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.wire == wire)
    }
}

/// A resource group: one tag.
#[derive(Clone, Debug)]
pub struct Group {
    /// snake_case module and method name (`sessions`).
    pub module: String,
    /// PascalCase type name (`Sessions`).
    pub type_name: String,
    pub doc: Option<String>,
    pub operations: Vec<Operation>,
}

/// Everything one crate's generated code is made from.
#[derive(Clone, Debug)]
pub struct Api {
    pub title: String,
    /// The crate name as Rust code writes it (`pushauth_client`), for doc examples.
    pub crate_ident: String,
    /// `x-rust-error`: the crate-root error type operations return; `None` for `api_core::Error`.
    pub error_type: Option<String>,
    pub models: BTreeMap<String, Model>,
    pub groups: Vec<Group>,
}

impl Api {
    /// The error type `send()`, `.await` and page streams return.
    pub fn error_ty(&self) -> proc_macro2::TokenStream {
        match &self.error_type {
            Some(name) => {
                let name = quote::format_ident!("{name}");
                quote::quote!(crate::#name)
            }
            None => quote::quote!(api_core::Error),
        }
    }

    pub fn model(&self, name: &str) -> Option<&Model> {
        self.models.get(name)
    }
}
