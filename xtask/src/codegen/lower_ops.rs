//! Operations: `paths` to resource groups of operation builders, with parameters, body, output and
//! paging resolved against the models.

use std::collections::BTreeMap;

use super::api::{
    Accessor, Api, Body, BodyEncoding, Field, Group, Operation, Output, PageStyle, Paging, Param,
    ParamLocation, Presence, Ty,
};
use super::lower::{Lowering, check_limits, limits, with_default};
use super::names::{snake_name, type_name};
use super::spec::{self, Spec};

const PARAMETER_REF: &str = "#/components/parameters/";
const REQUEST_BODY_REF: &str = "#/components/requestBodies/";
const RESPONSE_REF: &str = "#/components/responses/";

/// Builder methods every operation has; a parameter may not take one of these names.
const RESERVED_METHODS: &[&str] = &[
    "send",
    "pages",
    "items",
    "prefetch",
    "concurrency",
    "attempt_timeout",
    "overall_timeout",
    "retry_policy",
    "into_future",
    "build_request",
    "check_limits",
    "fetch_page",
    "into_paginator",
    "form_pairs",
    "multipart_parts",
    "new",
];

/// Builds the whole API of one spec.
pub fn lower_api(spec: &Spec, crate_ident: &str) -> Result<Api, String> {
    let mut lowering = Lowering::new(spec);
    lowering.lower_components()?;
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    for (path, item) in spec.paths.iter() {
        for (method, op) in item.operations() {
            let at = format!("{method} {path}");
            let operation = lower_operation(&mut lowering, path, method, item, op, &at)?;
            let tag = op.tags.first().ok_or_else(|| {
                format!("{at}: the first tag names the resource group; there is none")
            })?;
            let group = groups.entry(snake_name(tag)).or_insert_with(|| Group {
                module: snake_name(tag),
                type_name: type_name(tag),
                doc: spec
                    .tags
                    .iter()
                    .find(|t| t.name == *tag)
                    .and_then(|t| t.description.clone()),
                operations: Vec::new(),
            });
            group.operations.push(operation);
        }
    }
    let mut groups: Vec<Group> = groups.into_values().collect();
    for group in &mut groups {
        group.operations.sort_by(|a, b| a.builder.cmp(&b.builder));
        check_unique(group)?;
    }
    let api = Api {
        title: spec.info.title.clone(),
        crate_ident: crate_ident.to_owned(),
        error_type: spec.rust_error.clone(),
        models: lowering.models,
        groups,
    };
    check_builder_names(&api)?;
    Ok(api)
}

fn lower_operation(
    lowering: &mut Lowering<'_>,
    path: &str,
    method: &'static str,
    item: &spec::PathItem,
    op: &spec::Operation,
    at: &str,
) -> Result<Operation, String> {
    let builder = type_name(&op.operation_id);
    let params = lower_params(lowering, &builder, item, op, at)?;
    for param in params.iter().filter(|p| p.location == ParamLocation::Path) {
        if !path.contains(&format!("{{{}}}", param.wire)) {
            return Err(format!(
                "{at}: path parameter `{}` is not in the path",
                param.wire
            ));
        }
    }
    let body = match &op.request_body {
        Some(body) => Some(lower_body(lowering, &builder, body, at)?),
        None => None,
    };
    let (output, statuses) = lower_responses(lowering, &builder, op, at)?;
    lowering.drain_pending()?;
    let anonymous = match op.auth.as_deref() {
        Some("none") => true,
        Some("optional") => false,
        None => op.security.as_ref().is_some_and(|s| s.is_empty()),
        Some(other) => {
            return Err(format!(
                "{at}: `x-auth: {other}` is not one of none, optional"
            ));
        }
    };
    let mut operation = Operation {
        id: op.operation_id.clone(),
        method_name: op
            .method_name
            .clone()
            .unwrap_or_else(|| snake_name(&op.operation_id)),
        builder,
        http_method: method,
        path: path.to_owned(),
        summary: op.summary.clone(),
        description: op.description.clone(),
        deprecated: op.deprecated,
        params,
        body,
        output,
        paging: None,
        idempotent: op.idempotent,
        anonymous,
        statuses,
    };
    if let Some(pagination) = &op.pagination {
        operation.paging = Some(lower_paging(lowering, &mut operation, pagination, at)?);
    }
    check_setter_names(&operation, at)?;
    Ok(operation)
}

fn resolve_param(
    spec: &Spec,
    param: &spec::Parameter,
    at: &str,
) -> Result<spec::Parameter, String> {
    match &param.reference {
        None => Ok(param.clone()),
        Some(reference) => {
            let name = reference
                .strip_prefix(PARAMETER_REF)
                .ok_or_else(|| format!("{at}: `{reference}` is not a parameter reference"))?;
            spec.components
                .parameters
                .get(name)
                .cloned()
                .ok_or_else(|| format!("{at}: `{reference}` names no parameter"))
        }
    }
}

fn lower_params(
    lowering: &mut Lowering<'_>,
    builder: &str,
    item: &spec::PathItem,
    op: &spec::Operation,
    at: &str,
) -> Result<Vec<Param>, String> {
    // Operation parameters override path-level ones of the same name and place.
    let mut merged: Vec<spec::Parameter> = Vec::new();
    for param in item.parameters.iter().chain(&op.parameters) {
        let param = resolve_param(lowering.spec, param, at)?;
        merged.retain(|p| !(p.name == param.name && p.location == param.location));
        merged.push(param);
    }
    let mut params = Vec::new();
    for param in merged {
        let param_at = format!("{at} parameter {}", param.name);
        let location = match param.location.as_str() {
            "path" => ParamLocation::Path,
            "query" => ParamLocation::Query,
            "header" => ParamLocation::Header,
            other => {
                return Err(format!(
                    "{param_at}: parameters in `{other}` are not supported"
                ));
            }
        };
        let mut schema = param
            .schema
            .clone()
            .ok_or_else(|| format!("{param_at}: a parameter needs a `schema`"))?;
        schema.secret |= param.secret;
        let ty = lowering.map(
            &schema,
            &format!("{builder}{}", type_name(&param.name)),
            &param_at,
        )?;
        check_param_type(&ty, location, &param_at)?;
        check_limits(&ty, &limits(&schema), &param_at)?;
        if let Some(style) = param
            .style
            .as_deref()
            .filter(|s| *s != "form" && *s != "simple")
        {
            return Err(format!("{param_at}: `style: {style}` is not supported"));
        }
        let mut limits = limits(&schema);
        if location == ParamLocation::Path
            && limits.min_length.is_none()
            && matches!(ty, Ty::String | Ty::Secret)
        {
            // An empty segment would silently address another resource (`/sessions/` instead of `/sessions/{id}`).
            limits.min_length = Some(1);
        }
        params.push(Param {
            name: snake_name(&param.name),
            wire: param.name.clone(),
            location,
            ty,
            doc: with_default(param.description.as_deref(), schema.default.as_ref()),
            required: param.required || location == ParamLocation::Path,
            limits,
            explode: param.explode.unwrap_or(true),
            deprecated: param.deprecated,
        });
    }
    // Path parameters first, in path order; then the rest in spec order.
    params.sort_by_key(|p| p.location != ParamLocation::Path);
    Ok(params)
}

fn check_param_type(ty: &Ty, location: ParamLocation, at: &str) -> Result<(), String> {
    let scalar = |t: &Ty| {
        matches!(
            t,
            Ty::String
                | Ty::Secret
                | Ty::I32
                | Ty::I64
                | Ty::F64
                | Ty::Bool
                | Ty::Enum(_)
                | Ty::UnixTime
        )
    };
    let ok = match (location, ty) {
        (ParamLocation::Query, Ty::Vec(inner)) => scalar(inner),
        (_, t) => scalar(t),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{at}: this parameter type is not supported here"))
    }
}

fn lower_body(
    lowering: &mut Lowering<'_>,
    builder: &str,
    body: &spec::RequestBody,
    at: &str,
) -> Result<Body, String> {
    let body = match &body.reference {
        None => body.clone(),
        Some(reference) => {
            let name = reference
                .strip_prefix(REQUEST_BODY_REF)
                .ok_or_else(|| format!("{at}: `{reference}` is not a requestBody reference"))?;
            lowering
                .spec
                .components
                .request_bodies
                .get(name)
                .cloned()
                .ok_or_else(|| format!("{at}: `{reference}` names no requestBody"))?
        }
    };
    let (encoding, media) = [
        ("application/json", BodyEncoding::Json),
        ("application/x-www-form-urlencoded", BodyEncoding::Form),
        ("multipart/form-data", BodyEncoding::Multipart),
    ]
    .into_iter()
    .find_map(|(media, encoding)| body.content.get(media).map(|m| (encoding, m)))
    .ok_or_else(|| format!("{at}: the request body has no JSON, form or multipart content"))?;
    let schema = media
        .schema
        .as_ref()
        .ok_or_else(|| format!("{at}: the request body has no schema"))?;
    let required = match &schema.reference {
        Some(reference) => reference
            .strip_prefix("#/components/schemas/")
            .and_then(|name| lowering.spec.components.schemas.get(name))
            .map(|target| target.required.clone())
            .unwrap_or_default(),
        None => schema.required.clone(),
    };
    let ty = lowering.map(
        schema,
        &format!("{builder}Request"),
        &format!("{at} requestBody"),
    )?;
    lowering.drain_pending()?;
    let Ty::Struct(model) = ty else {
        return Err(format!("{at}: the request body must be an object schema"));
    };
    let fields = match lowering.models.get(&model).map(|m| &m.kind) {
        Some(super::api::ModelKind::Struct(fields)) => fields.clone(),
        _ => return Err(format!("{at}: the request body model `{model}` is missing")),
    };
    for field in &fields {
        if *field.ty.element() == Ty::Binary && encoding != BodyEncoding::Multipart {
            return Err(format!(
                "{at}: `format: binary` is read only in multipart bodies"
            ));
        }
    }
    for field in &fields {
        let scalar = !matches!(field.ty, Ty::Struct(_) | Ty::Map(_) | Ty::Json)
            && !matches!(field.ty.element(), Ty::Struct(_));
        if encoding != BodyEncoding::Json && !scalar {
            return Err(format!(
                "{at}: `{}` is an object; form and multipart bodies hold only scalars, lists and files",
                field.wire
            ));
        }
    }
    Ok(Body {
        encoding,
        model,
        fields,
        required,
    })
}

fn lower_responses(
    lowering: &mut Lowering<'_>,
    builder: &str,
    op: &spec::Operation,
    at: &str,
) -> Result<(Output, Vec<(String, String)>), String> {
    let mut statuses = Vec::new();
    let mut success: Option<(String, spec::Response)> = None;
    for (status, response) in &op.responses {
        let response = match &response.reference {
            None => response.clone(),
            Some(reference) => {
                let name = reference
                    .strip_prefix(RESPONSE_REF)
                    .ok_or_else(|| format!("{at}: `{reference}` is not a response reference"))?;
                lowering
                    .spec
                    .components
                    .responses
                    .get(name)
                    .cloned()
                    .ok_or_else(|| format!("{at}: `{reference}` names no response"))?
            }
        };
        statuses.push((
            status.clone(),
            response.description.clone().unwrap_or_default(),
        ));
        // Responses are keyed in a sorted map, so the first 2xx met is the lowest.
        if status.starts_with('2') && success.is_none() {
            success = Some((status.clone(), response));
        }
    }
    let (status, response) =
        success.ok_or_else(|| format!("{at}: no 2xx response is documented"))?;
    let at = format!("{at} response {status}");
    let json_schema = response
        .content
        .get("application/json")
        .and_then(|m| m.schema.as_ref());
    let output = match response.body.as_deref() {
        Some("empty") => Output::Unit,
        Some("bare-string") => Output::Text,
        Some("empty-or-null") => {
            let schema = json_schema
                .ok_or_else(|| format!("{at}: `x-body: empty-or-null` needs a JSON schema"))?;
            Output::JsonOrEmpty(lowering.map(schema, &format!("{builder}Response"), &at)?)
        }
        Some(other) => {
            return Err(format!(
                "{at}: `x-body: {other}` is not one of empty, empty-or-null, bare-string"
            ));
        }
        None => match json_schema {
            Some(schema) => {
                let ty = lowering.map(schema, &format!("{builder}Response"), &at)?;
                if ty == Ty::String {
                    Output::Text
                } else {
                    Output::Json(ty)
                }
            }
            None if response.content.get("text/plain").is_some() => Output::Text,
            None if response.content.is_empty() => Output::Unit,
            None => {
                return Err(format!(
                    "{at}: only application/json or text/plain responses are read"
                ));
            }
        },
    };
    Ok((output, statuses))
}

fn lower_paging(
    lowering: &Lowering<'_>,
    operation: &mut Operation,
    pagination: &spec::Pagination,
    at: &str,
) -> Result<Paging, String> {
    let at = format!("{at} x-pagination");
    let style = match pagination.style.as_str() {
        "offset" => PageStyle::Offset,
        "token" => PageStyle::Token,
        "offset-token" => PageStyle::OffsetToken,
        "page" => PageStyle::Page,
        other => {
            return Err(format!(
                "{at}: style `{other}` is not one of offset, token, offset-token, page"
            ));
        }
    };
    let Output::Json(output) = &operation.output else {
        return Err(format!("{at}: a paginated operation needs a JSON response"));
    };
    let (item, items, envelope) = match (&pagination.items, output) {
        (None, Ty::Vec(item)) => ((**item).clone(), None, None),
        (Some(property), Ty::Struct(envelope)) => {
            let fields = struct_fields(lowering, envelope, &at)?;
            let field = fields
                .iter()
                .find(|f| f.wire == *property)
                .ok_or_else(|| format!("{at}: the envelope `{envelope}` has no `{property}`"))?;
            let Ty::Vec(item) = &field.ty else {
                return Err(format!("{at}: `{property}` is not a list"));
            };
            let optional = field.presence() == Presence::Optional;
            (
                (**item).clone(),
                Some((field.name.clone(), optional)),
                Some(envelope.clone()),
            )
        }
        _ => {
            return Err(format!(
                "{at}: `items` names the envelope's list; without it the response must be a list"
            ));
        }
    };
    let needed: &[&str] = match style {
        PageStyle::Offset => &["offset", "limit"],
        PageStyle::Token => &["nextToken"],
        PageStyle::OffsetToken => &["offset", "limit", "nextToken"],
        PageStyle::Page => &["page"],
    };
    for wire in needed {
        let param = operation
            .params
            .iter_mut()
            .find(|p| p.wire == *wire && p.location == ParamLocation::Query)
            .ok_or_else(|| format!("{at}: this style needs the query parameter `{wire}`"))?;
        if param.required {
            return Err(format!("{at}: `{wire}` must be optional: the pages set it"));
        }
        default_paging_limits(param);
    }
    let find = |name: &str| {
        envelope
            .as_deref()
            .and_then(|e| find_accessor(lowering, e, name))
    };
    let more_results = find("moreResults");
    let next_offset = find("next").map(|path| {
        let numeric_string = leaf_type(lowering, envelope.as_deref(), &path) == Some(Ty::String);
        (path, numeric_string)
    });
    let next_token = find("nextToken");
    if matches!(style, PageStyle::Token | PageStyle::OffsetToken) && next_token.is_none() {
        return Err(format!(
            "{at}: token paging needs `nextToken` in the envelope or its `paging`"
        ));
    }
    Ok(Paging {
        style,
        page_size: pagination.page_size.unwrap_or(50),
        item,
        items,
        more_results,
        next_offset,
        next_token,
    })
}

/// Paging parameters get the bounds paging itself needs when the spec gives none.
fn default_paging_limits(param: &mut Param) {
    let floor = match param.wire.as_str() {
        "offset" => 0,
        "limit" | "page" => 1,
        _ => return,
    };
    if param.limits.minimum.is_none() {
        param.limits.minimum = Some(floor.into());
    }
}

fn struct_fields<'l>(
    lowering: &'l Lowering<'_>,
    name: &str,
    at: &str,
) -> Result<&'l [Field], String> {
    match lowering.models.get(name).map(|m| &m.kind) {
        Some(super::api::ModelKind::Struct(fields)) => Ok(fields),
        _ => Err(format!("{at}: `{name}` is not an object model")),
    }
}

/// `name` as a field of the envelope, or of its `paging` object.
fn find_accessor(lowering: &Lowering<'_>, envelope: &str, name: &str) -> Option<Accessor> {
    let fields = struct_fields(lowering, envelope, "").ok()?;
    let step = |f: &Field| (f.name.clone(), f.presence() == Presence::Optional);
    if let Some(field) = fields.iter().find(|f| f.wire == name) {
        return Some(vec![step(field)]);
    }
    let paging = fields.iter().find(|f| f.wire == "paging")?;
    let Ty::Struct(paging_model) = &paging.ty else {
        return None;
    };
    let inner = struct_fields(lowering, paging_model, "").ok()?;
    let leaf = inner.iter().find(|f| f.wire == name)?;
    Some(vec![step(paging), step(leaf)])
}

fn leaf_type(lowering: &Lowering<'_>, envelope: Option<&str>, path: &Accessor) -> Option<Ty> {
    let mut model = envelope?.to_owned();
    let mut ty = None;
    for (name, _) in path {
        let fields = struct_fields(lowering, &model, "").ok()?;
        let field = fields.iter().find(|f| f.name == *name)?;
        if let Ty::Struct(next) = &field.ty {
            model = next.clone();
        }
        ty = Some(field.ty.clone());
    }
    ty
}

/// Arguments and setters share the builder's namespace with its fixed methods.
fn check_setter_names(op: &Operation, at: &str) -> Result<(), String> {
    let mut names: Vec<&str> = op.params.iter().map(|p| p.name.as_str()).collect();
    if let Some(body) = &op.body {
        names.extend(body.fields.iter().map(|f| f.name.as_str()));
    }
    for (i, name) in names.iter().enumerate() {
        if RESERVED_METHODS.contains(name) {
            return Err(format!(
                "{at}: a parameter or body field named `{name}` clashes with a builder method"
            ));
        }
        if names[..i].contains(name) {
            return Err(format!(
                "{at}: two parameters or body fields are named `{name}`"
            ));
        }
    }
    Ok(())
}

fn check_unique(group: &Group) -> Result<(), String> {
    for (i, op) in group.operations.iter().enumerate() {
        if let Some(other) = group.operations[..i]
            .iter()
            .find(|o| o.method_name == op.method_name)
        {
            return Err(format!(
                "operations `{}` and `{}` both give the method `{}` on `{}`",
                other.id, op.id, op.method_name, group.type_name
            ));
        }
    }
    Ok(())
}

/// Builders, resource groups and models share one namespace in the operations module.
fn check_builder_names(api: &Api) -> Result<(), String> {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for group in &api.groups {
        if let Some(previous) = seen.insert(&group.type_name, "a resource group") {
            return Err(format!(
                "`{}` is both {previous} and a resource group",
                group.type_name
            ));
        }
        for op in &group.operations {
            if let Some(previous) = seen.insert(&op.builder, "a builder") {
                return Err(format!("`{}` is both {previous} and a builder", op.builder));
            }
        }
    }
    if seen.contains_key("IntoPatch") {
        return Err("`IntoPatch` is reserved for api-core's tri-state argument trait".to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

    fn api(rest: &str) -> Result<Api, String> {
        let spec = Spec::parse(&format!("{HEAD}{rest}")).unwrap();
        lower_api(&spec, "sample")
    }

    #[test]
    fn lowest_success_status_gives_the_output_type() {
        let api = api(
            "paths:\n  /x:\n    post:\n      operationId: makeX\n      tags: [xs]\n      responses:\n        '202': {description: later, content: {application/json: {schema: {type: integer}}}}\n        '201': {description: made, content: {application/json: {schema: {type: boolean}}}}\n",
        )
        .unwrap();
        assert_eq!(api.groups[0].operations[0].output, Output::Json(Ty::Bool));
    }

    #[test]
    fn operation_without_a_tag_is_refused() {
        let err = api("paths:\n  /x:\n    get:\n      operationId: getX\n      responses:\n        '204': {description: none}\n")
            .unwrap_err();
        assert!(err.contains("GET /x"), "{err}");
    }

    #[test]
    fn token_paging_without_a_next_token_in_the_envelope_is_refused() {
        let err = api(
            "paths:\n  /x:\n    get:\n      operationId: listX\n      tags: [xs]\n      x-pagination: {style: token, items: result}\n      parameters:\n        - {name: nextToken, in: query, schema: {type: string}}\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Env'}}}}\ncomponents:\n  schemas:\n    Env:\n      type: object\n      properties:\n        result: {type: array, items: {type: string}}\n",
        )
        .unwrap_err();
        assert!(err.contains("nextToken"), "{err}");
    }

    #[test]
    fn x_rust_error_makes_operations_and_streams_return_the_crates_error() {
        let paged = "paths:\n  /x:\n    get:\n      operationId: listX\n      tags: [xs]\n      x-pagination: {style: offset, items: result}\n      parameters:\n        - {name: offset, in: query, schema: {type: integer}}\n        - {name: limit, in: query, schema: {type: integer}}\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Env'}}}}\ncomponents:\n  schemas:\n    Env:\n      type: object\n      properties:\n        result: {type: array, items: {type: string}}\n";
        let own = api(&format!("x-rust-error: Error\n{paged}")).unwrap();
        assert_eq!(own.error_type.as_deref(), Some("Error"));
        let code = super::super::emit_operations::group_file(&own, &own.groups[0]).to_string();
        assert!(
            code.contains("Result < models :: Env , crate :: Error >"),
            "{code}"
        );
        assert!(code.contains("map_err (crate :: Error :: from)"), "{code}");
        assert!(
            code.contains("map_err (self . into_paginator () . items () , crate :: Error :: from)"),
            "{code}"
        );
        // Without it, api-core's error as before.
        let core = api(paged).unwrap();
        let code = super::super::emit_operations::group_file(&core, &core.groups[0]).to_string();
        assert!(
            code.contains("Result < models :: Env , api_core :: Error >"),
            "{code}"
        );
        assert!(!code.contains("crate :: Error"), "{code}");
    }

    #[test]
    fn parameter_named_like_a_builder_method_is_refused() {
        let err = api(
            "paths:\n  /x:\n    get:\n      operationId: getX\n      tags: [xs]\n      parameters:\n        - {name: send, in: query, schema: {type: string}}\n      responses:\n        '204': {description: none}\n",
        )
        .unwrap_err();
        assert!(err.contains("send"), "{err}");
    }
}
