//! `cargo xtask codegen [--check]`: `crates/<api>/openapi.yaml` -> `crates/<api>/src/generated/`.
//!
//! The pipeline (docs/codegen.md): `spec` reads the YAML into the documented subset; `lower` and
//! `lower_ops` resolve it into the API model of `api`; the `emit_*` modules turn that into tokens;
//! `render` formats them; `files` compares them with the disk or writes them; `check` reports drift.
//!
//! `--spec <file> --out <dir> --crate <name>` runs one spec into any directory (the snapshot tests use
//! it on `xtask/tests/sample/`).

mod api;
mod builder_inputs;
mod check;
mod doc;
mod emit_examples;
mod emit_models;
mod emit_operations;
mod emit_pagination;
mod emit_types;
mod emit_validation;
mod files;
mod lower;
mod lower_ops;
mod names;
mod ordered;
mod render;
mod spec;

use std::path::{Path, PathBuf};

use quote::quote;

use self::doc::{inner_doc_attrs, prose};
use self::files::GeneratedFile;

/// One spec and where its code goes.
#[derive(Debug, Clone)]
struct Target {
    spec: PathBuf,
    out: PathBuf,
    /// The crate name as Rust writes it, for doc examples.
    crate_ident: String,
}

pub fn run(args: &[String]) -> crate::CommandResult {
    let root = crate::workspace::root()?;
    let mut check = false;
    let mut spec = None;
    let mut out = None;
    let mut crate_name = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--spec" => spec = Some(PathBuf::from(iter.next().ok_or("--spec needs a file")?)),
            "--out" => out = Some(PathBuf::from(iter.next().ok_or("--out needs a directory")?)),
            "--crate" => crate_name = Some(iter.next().ok_or("--crate needs a name")?.clone()),
            other => return Err(format!("unknown argument `{other}` for `xtask codegen`")),
        }
    }
    let targets = match (spec, out) {
        (Some(spec), Some(out)) => vec![Target {
            spec,
            out,
            crate_ident: crate_name
                .unwrap_or_else(|| "api_client".to_owned())
                .replace('-', "_"),
        }],
        (None, None) => workspace_targets(&root)?,
        _ => return Err("--spec and --out go together".to_owned()),
    };
    if check {
        check_targets(&root, &targets)
    } else {
        for target in &targets {
            let files = generate(target, &root)?;
            let changed = files::write(&target.out, &files)?;
            let shown = target.out.strip_prefix(&root).unwrap_or(&target.out);
            if changed.is_empty() {
                eprintln!("codegen: {} is up to date", shown.display());
            }
            for path in changed {
                eprintln!("codegen: wrote {}/{path}", shown.display());
            }
        }
        Ok(())
    }
}

/// Every `crates/<name>/openapi.yaml`, in name order.
fn workspace_targets(root: &Path) -> Result<Vec<Target>, String> {
    let crates = root.join("crates");
    let entries =
        std::fs::read_dir(&crates).map_err(|e| format!("cannot read {}: {e}", crates.display()))?;
    let mut targets = Vec::new();
    for entry in entries {
        let dir = entry
            .map_err(|e| format!("cannot read {}: {e}", crates.display()))?
            .path();
        let spec = dir.join("openapi.yaml");
        if spec.is_file() {
            let name = dir
                .file_name()
                .map(|n| n.to_string_lossy().replace('-', "_"))
                .unwrap_or_default();
            targets.push(Target {
                spec,
                out: dir.join("src").join("generated"),
                crate_ident: name,
            });
        }
    }
    targets.sort_by(|a, b| a.spec.cmp(&b.spec));
    Ok(targets)
}

/// Regenerates in memory and fails with a diff when anything on disk differs.
fn check_targets(root: &Path, targets: &[Target]) -> crate::CommandResult {
    let mut report = String::new();
    for target in targets {
        let files = generate(target, root)?;
        let drift = files::compare(&target.out, &files)?;
        report.push_str(&check::report(root, &target.out, &drift));
    }
    if report.is_empty() {
        eprintln!("codegen: generated code matches the specs");
        Ok(())
    } else {
        Err(format!(
            "generated code differs from what the specs produce; run `cargo xtask codegen`\n{report}"
        ))
    }
}

/// The files one spec produces.
fn generate(target: &Target, root: &Path) -> Result<Vec<GeneratedFile>, String> {
    let context = |e: String| format!("{}: {e}", target.spec.display());
    let text = std::fs::read_to_string(&target.spec).map_err(|e| context(e.to_string()))?;
    let spec = spec::Spec::parse(&text).map_err(context)?;
    let api = lower_ops::lower_api(&spec, &target.crate_ident).map_err(context)?;
    let mut files = vec![
        GeneratedFile {
            path: "mod.rs".to_owned(),
            contents: render::render(generated_mod(&api), root)?,
        },
        GeneratedFile {
            path: "models.rs".to_owned(),
            contents: render::render(emit_models::models_file(&api), root)?,
        },
        GeneratedFile {
            path: "operations/mod.rs".to_owned(),
            contents: render::render(emit_operations::operations_mod(&api), root)?,
        },
    ];
    for group in &api.groups {
        files.push(GeneratedFile {
            path: format!("operations/{}.rs", group.module),
            contents: render::render(emit_operations::group_file(&api, group), root)?,
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn generated_mod(api: &api::Api) -> proc_macro2::TokenStream {
    let doc = inner_doc_attrs(&format!(
        "Code generated from this crate's `openapi.yaml` by `cargo xtask codegen`: the models and the operation builders of the {}.\n\nChange the spec or the generator and regenerate; never edit these files.",
        prose(&api.title)
    ));
    quote! {
        #doc
        pub mod models;
        pub mod operations;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The drift check of `cargo xtask codegen --check`, so `cargo test --workspace` fails on drift.
    #[test]
    fn checked_in_generated_code_matches_the_specs() {
        let root = crate::workspace::root().unwrap();
        let targets = workspace_targets(&root).unwrap();
        if let Err(report) = check_targets(&root, &targets) {
            panic!("{report}");
        }
    }
}
