//! Workspace automation: `cargo xtask <command>`.
//!
//! Each command lives in a module of its own; `docs/` describes what each one does.

mod ci;
mod demo;

type CommandResult = Result<(), String>;

const USAGE: &str = "usage: cargo xtask <command> [args]

commands:
  ci         run every check CI runs, in CI's order
  demo       run each SDK's headline flow against its bundled mock";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match args.split_first() {
        Some((command, rest)) => (command.as_str(), rest),
        None => ("help", &[][..]),
    };
    let result: CommandResult = match command {
        "ci" => ci::run(rest),
        "demo" => demo::run(rest),
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
