//! Nothing but the package that holds `tests/same_calls.rs`: one program speaking the same dialect to
//! all three client crates, compiled without an `api-core` dependency of its own.
