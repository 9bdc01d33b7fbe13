//! Search: the built-in engine's counts, and Algolia when configured.

use secrecy::SecretString;
use serde::Deserialize;

use super::{invalid, ConfigError};

/// Algolia, when configured; the built-in engine otherwise.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchSettings {
    pub algolia_app_id: Option<String>,
    /// Writes: records and settings (`ALGOLIA_ADMIN_KEY`).
    pub algolia_admin_key: Option<SecretString>,
    /// The parent of the keys handed to browsers (`ALGOLIA_SEARCH_KEY`).
    pub algolia_search_key: Option<SecretString>,
    pub algolia_index: String,
    /// Overrides Algolia's hosts (base URLs, tried in order); tests point
    /// them at 127.0.0.1.
    pub algolia_hosts: Option<Vec<String>>,
    pub timeout_ms: u64,
    /// Lifetime of the secured keys handed to browsers.
    pub key_validity_secs: i64,
    /// The worker refreshes the counts kept ahead this often.
    pub counts_refresh_secs: u64,
    /// Counts older than this are not used (the worker is not running).
    pub counts_max_age_secs: i64,
    /// A search without text or place reads its total and facets from the
    /// counts kept ahead when they say it has at least this many hits;
    /// fewer are counted exactly, at once.
    pub counts_from_hits: i64,
}

impl SearchSettings {
    pub fn algolia_enabled(&self) -> bool {
        self.algolia_app_id.is_some()
    }
}

/// The `search` section's defaults.
pub(super) fn defaults() -> serde_json::Value {
    serde_json::json!({
        "algolia_app_id": null,
        "algolia_admin_key": null,
        "algolia_search_key": null,
        "algolia_index": "missions",
        "algolia_hosts": null,
        "timeout_ms": 2000,
        "key_validity_secs": 3600,
        // About a second of database time each: every 30 s is 3 % of
        // a core for the first page of the night at index speed.
        "counts_refresh_secs": 30,
        "counts_max_age_secs": 120,
        "counts_from_hits": 1000,
    })
}

impl SearchSettings {
    /// Refuses a value of this section that cannot work, naming it.
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        if self.algolia_enabled()
            && (self.algolia_admin_key.is_none() || self.algolia_search_key.is_none())
        {
            return Err(invalid(
                "ALGOLIA_ADMIN_KEY",
                "with ALGOLIA_APP_ID, both ALGOLIA_ADMIN_KEY and ALGOLIA_SEARCH_KEY are required",
            ));
        }
        Ok(())
    }
}
