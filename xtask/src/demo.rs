//! `cargo xtask demo`: the main job. Runs each SDK's headline flow (its quickstart example) against the
//! mock service bundled in the crate, so it needs no credentials and no network beyond loopback.

/// One headline flow: the package and the example that shows it.
struct Flow {
    package: &'static str,
    example: &'static str,
    what: &'static str,
}

const FLOWS: &[Flow] = &[
    Flow {
        package: "pushauth-client",
        example: "pushauth_quickstart",
        what: "PushAuth: send a sign-in push, wait for the answer",
    },
    Flow {
        package: "pwpush-client",
        example: "pwpush_quickstart",
        what: "Password Pusher: push a secret, retrieve it once, expire it",
    },
    Flow {
        package: "push-security-client",
        example: "push_security_quickstart",
        what: "Push Security: list open findings as a table",
    },
];

/// Runs every flow in turn; `demo <package>` runs one. Credentials in the environment are removed so the
/// examples always use their mock.
pub fn run(args: &[String]) -> crate::CommandResult {
    let only = args.first().map(String::as_str);
    if let Some(name) = only
        && !FLOWS.iter().any(|f| f.package == name)
    {
        return Err(format!("no demo for `{name}`"));
    }
    for flow in FLOWS.iter().filter(|f| only.is_none_or(|n| n == f.package)) {
        println!("\n=== {} ===", flow.what);
        let status = crate::cargo::command()
            .args([
                "run",
                "--quiet",
                "--package",
                flow.package,
                "--features",
                "mock",
            ])
            .args(["--example", flow.example])
            .env_remove("PUSHAUTH_API_KEY")
            .env_remove("PWPUSH_TOKEN")
            .env_remove("PUSH_SECURITY_API_KEY")
            .status()
            .map_err(|e| format!("could not start cargo: {e}"))?;
        if !status.success() {
            return Err(format!("the {} demo failed ({status})", flow.package));
        }
    }
    Ok(())
}
