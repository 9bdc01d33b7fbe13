//! Domain types and rules: no I/O here, everything unit-tested.

pub mod account;
pub mod cities;
pub mod department;
pub mod geo;
pub mod identifiers;
pub mod mission;
pub mod moderation;
pub mod organization;
pub mod participation;
pub mod place;
pub mod taxonomy;
pub mod validation;
