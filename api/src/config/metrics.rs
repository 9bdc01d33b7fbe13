//! The internal listener of /metrics and /health/live.

use serde::Deserialize;
use std::net::IpAddr;

/// Where `/metrics` is served: a listener of its own, not the public one,
/// so that the crowd (and whoever is in it) never reads the service's
/// internals, and a scrape is never queued behind it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsSettings {
    /// Loopback by default; the scraper's network in a deployment.
    pub host: IpAddr,
    /// 0 picks a free port (logged at start).
    pub port: u16,
}

/// The `metrics` section's defaults.
pub(super) fn defaults() -> serde_json::Value {
    serde_json::json!({ "host": "127.0.0.1", "port": 9464 })
}
