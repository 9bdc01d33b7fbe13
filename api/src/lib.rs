//! Renfort: the backend of a civic volunteering platform.
//!
//! See `docs/ARCHITECTURE.md` for the map; `startup::Application` is the
//! entry point.

pub mod auth;
pub mod challenge;
pub mod clock;
pub mod config;
pub mod domain;
pub mod edge;
pub mod email;
pub mod error;
pub mod http;
pub mod jobs;
#[cfg(test)]
mod layers;
pub mod platform;
pub mod problem_code;
pub mod search;
pub mod services;
pub mod startup;
pub mod state;
pub mod store;
pub mod telemetry;
pub mod tls;
pub mod webhooks;
