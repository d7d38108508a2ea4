//! Fuzz targets of the push-sdks-rust workspace (cargo-fuzz layout; see docs/reliability.md).
//!
//! The target bodies live in [`targets`], so that the stable toolchain can replay the seed
//! corpus through them (`tests/tests/hostile_responses.rs` in the workspace) while libFuzzer
//! drives them on nightly.

pub mod targets;
