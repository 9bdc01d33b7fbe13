//! API Engagement, the state's mission hub: the feed it reads our missions
//! from.

use serde::Deserialize;

/// How Renfort publishes to API Engagement.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiEngagementSettings {
    /// The publisher's name the feed gives (the platform's, as the hub's
    /// cards show it).
    pub publisher_name: String,
    /// How long the feed may be cached, here and by the CDN.
    pub feed_max_age_secs: u64,
}

/// The `api_engagement` section's defaults.
pub(super) fn defaults() -> serde_json::Value {
    serde_json::json!({ "publisher_name": "Renfort", "feed_max_age_secs": 900 })
}
