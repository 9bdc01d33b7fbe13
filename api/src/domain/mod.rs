//! Domain types and rules: no I/O here, everything unit-tested.

pub mod department;
pub mod taxonomy;
