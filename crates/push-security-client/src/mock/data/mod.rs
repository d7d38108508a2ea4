//! The fake organisation: its records, how they are generated from a seed, and its size.

mod catalog;
mod generate;
mod organisation;
pub(crate) mod records;
mod size;

pub(crate) use generate::{DATA_EPOCH, generate};
pub(crate) use organisation::Organisation;
pub use size::DatasetSize;
