//! The statistics rollup: how often, and how long the public figures are
//! cached.

use serde::Deserialize;

/// Statistics computed ahead by the worker.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatisticsSettings {
    /// How often the rollup recomputes every snapshot.
    pub refresh_secs: u64,
    /// How long a public statistics answer may be cached (here and by the
    /// CDN).
    pub public_max_age_secs: u64,
}

/// The `statistics` section's defaults.
pub(super) fn defaults() -> serde_json::Value {
    serde_json::json!({ "refresh_secs": 300, "public_max_age_secs": 300 })
}
