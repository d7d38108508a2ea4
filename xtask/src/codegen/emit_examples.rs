//! The `no_run` example in each builder's doc comment: the call with example arguments, awaited, or
//! its items streamed for a paginated operation. Arguments that have no obvious literal come in as
//! parameters of the hidden example function, so the example always compiles.

use super::api::{Api, Group, Operation, Output, Ty};
use super::builder_inputs::required_inputs;

pub fn example(api: &Api, group: &Group, op: &Operation) -> String {
    let crate_ident = &api.crate_ident;
    let group_var = group.module.clone();
    let mut fn_params = vec![format!(
        "{group_var}: {crate_ident}::operations::{}",
        group.type_name
    )];
    let mut args = Vec::new();
    for input in required_inputs(op) {
        let literal = if input.nullable_arg {
            None
        } else {
            literal(api, &input.ty, &input.name, op)
        };
        match literal {
            Some(literal) => args.push(literal),
            None => {
                fn_params.push(format!(
                    "{}: {}",
                    input.name,
                    type_path(api, &input.ty, input.nullable_arg)
                ));
                args.push(input.name.clone());
            }
        }
    }
    let call = format!("{group_var}.{}({})", op.method_name, args.join(", "));
    let body = if op.paging.is_some() {
        format!(
            "use futures::TryStreamExt as _;\nlet mut items = std::pin::pin!({call}.items());\nwhile let Some(item) = items.try_next().await? {{\n    println!(\"{{item:?}}\");\n}}"
        )
    } else if op.output == Output::Unit {
        format!("{call}.await?;")
    } else {
        format!("let response = {call}.await?;\nprintln!(\"{{response:?}}\");")
    };
    format!(
        "```no_run\n# async fn example({}) -> Result<(), {}::Error> {{\n{body}\n# Ok(())\n# }}\n```",
        fn_params.join(", "),
        api.crate_ident
    )
}

/// A literal for a simple argument, `None` where the example takes the value as a parameter.
fn literal(api: &Api, ty: &Ty, name: &str, op: &Operation) -> Option<String> {
    match ty {
        Ty::String | Ty::Secret => Some(format!("\"{name}\"")),
        Ty::I32 | Ty::I64 => {
            let limits = op
                .param(name)
                .map(|p| p.limits.clone())
                .or_else(|| {
                    op.body
                        .as_ref()
                        .and_then(|b| b.fields.iter().find(|f| f.name == name))
                        .map(|f| f.limits.clone())
                })
                .unwrap_or_default();
            let value = limits
                .minimum
                .and_then(|m| m.as_i64())
                .map_or(1, |m| m.max(1));
            Some(value.to_string())
        }
        Ty::F64 => Some("1.0".to_owned()),
        Ty::Bool => Some("true".to_owned()),
        Ty::Enum(enum_name) => {
            let model = api.model(enum_name)?;
            let super::api::ModelKind::Enum(variants) = &model.kind else {
                return None;
            };
            let first = variants.first()?;
            Some(format!(
                "{}::models::{enum_name}::{}",
                api.crate_ident, first.name
            ))
        }
        _ => None,
    }
}

/// A type as a path a doc test can name.
fn type_path(api: &Api, ty: &Ty, optional: bool) -> String {
    let inner = match ty {
        Ty::String => "String".to_owned(),
        Ty::Secret => format!("{}::SecretString", api.crate_ident),
        Ty::I32 => "i32".to_owned(),
        Ty::I64 => "i64".to_owned(),
        Ty::F64 => "f64".to_owned(),
        Ty::Bool => "bool".to_owned(),
        Ty::DateTime | Ty::UnixTime => format!("{}::OffsetDateTime", api.crate_ident),
        Ty::Json => "serde_json::Value".to_owned(),
        Ty::Binary => format!("{}::models::FilePart", api.crate_ident),
        Ty::Struct(name) | Ty::Enum(name) => {
            format!("{}::models::{name}", api.crate_ident)
        }
        Ty::Vec(inner) => format!("Vec<{}>", type_path(api, inner, false)),
        Ty::Map(inner) => format!(
            "std::collections::BTreeMap<String, {}>",
            type_path(api, inner, false)
        ),
    };
    if optional {
        format!("Option<{inner}>")
    } else {
        inner
    }
}
