//! Workspace automation: `cargo xtask <command>`.
//!
//! Each command lives in a module of its own; `docs/` describes what each one does.

mod bench;
mod cargo;
mod ci;
mod codegen;
mod demo;
mod public_api;
mod release;
mod workspace;

type CommandResult = Result<(), String>;

const USAGE: &str = "usage: cargo xtask <command> [args]

commands:
  bench      measure the SDKs against hand-written code (--smoke: a moment each; `bench build`: build cost)
  ci         run every check CI runs, in CI's order
  codegen    regenerate crates/*/src/generated from openapi.yaml (--check: fail on drift)
  demo       run each SDK's headline flow against its bundled mock
  public-api write each published crate's public-api.txt listing (--check: fail when the surface changed)
  release    plan, bump or check a release (`cargo xtask release help`)
  publish    check and publish the crates to crates.io in dependency order (--dry-run: never uploads)";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match args.split_first() {
        Some((command, rest)) => (command.as_str(), rest),
        None => ("help", &[][..]),
    };
    let result: CommandResult = match command {
        "bench" => bench::run(rest),
        "ci" => ci::run(rest),
        "codegen" => codegen::run(rest),
        "demo" => demo::run(rest),
        "public-api" => public_api::run(rest),
        "release" => release::run(rest),
        "publish" => release::publish(rest),
        "help" | "-h" | "--help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    };
    if let Err(message) = result {
        eprintln!("error: {message}");
        std::process::exit(1);
    }
}
