//! The sample spec's generated code (`tests/sample/expected/`), compiled and run: models decode and
//! encode the way docs/codegen.md promises, and builders send exactly the requests the spec describes,
//! checked against httpmock on 127.0.0.1.

// Written for a client crate that wraps and re-exports it: here not every constructor and re-export
// is used.
#[allow(dead_code, unused_imports)]
#[path = "../sample/expected/mod.rs"]
mod generated;

mod models;
mod paging;
mod requests;
mod support;
