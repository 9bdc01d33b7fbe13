//! Domain types and rules: no I/O here, everything unit-tested.

pub mod account;
pub mod department;
pub mod taxonomy;
pub mod validation;
