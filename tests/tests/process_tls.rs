//! The SDK changes no process-wide TLS state: an application may build its own reqwest client
//! and install its own rustls provider in any order around SDK clients. Each order runs in a
//! fresh process (`src/bin/tls_process_probe.rs`), because an installed provider cannot be
//! uninstalled and a test binary's threads share one process.

use std::process::Command;

fn run_probe(order: &str) {
    let output = Command::new(env!("CARGO_BIN_EXE_tls_process_probe"))
        .arg(order)
        .output()
        .expect("the probe binary starts");
    assert!(
        output.status.success(),
        "{order}: {:?}\nstdout: {}\nstderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn an_app_reqwest_client_built_before_any_sdk_client_does_not_panic() {
    run_probe("app-client-first");
}

#[test]
fn an_app_can_install_its_own_provider_after_building_sdk_clients() {
    run_probe("provider-after-sdk");
}

#[test]
fn sdk_clients_work_under_a_provider_the_app_installed_first() {
    run_probe("provider-before-sdk");
}

#[test]
fn sdk_clients_and_an_app_client_need_no_installed_provider() {
    run_probe("no-provider");
}

#[test]
fn the_probe_fails_on_an_unknown_order() {
    // Guards the probe itself: a run that never exercised anything must not pass.
    let output = Command::new(env!("CARGO_BIN_EXE_tls_process_probe"))
        .arg("no-such-order")
        .output()
        .expect("the probe binary starts");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown order"));
}
