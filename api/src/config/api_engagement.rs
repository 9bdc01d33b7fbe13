//! API Engagement, the state's mission hub: the feed it reads our missions
//! from, and the push that tells it of each change as it happens.

use secrecy::SecretString;
use serde::Deserialize;

use super::{invalid, ConfigError};

/// How Renfort publishes to API Engagement.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiEngagementSettings {
    /// The publisher's name the feed gives (the platform's, as the hub's
    /// cards show it).
    pub publisher_name: String,
    /// How long the feed may be cached, here and by the CDN.
    pub feed_max_age_secs: u64,
    /// The key the hub gave this platform as a publisher
    /// (`API_ENGAGEMENT_API_KEY`); set, every change of a mission's public
    /// face is pushed to the hub's `/v2/mission`, as it happens.
    pub api_key: Option<SecretString>,
    /// The hub's API root; tests point it at a local stand-in.
    pub base_url: String,
    pub request_timeout_ms: u64,
}

/// The `api_engagement` section's defaults.
pub(super) fn defaults() -> serde_json::Value {
    serde_json::json!({
        "publisher_name": "Renfort",
        "feed_max_age_secs": 900,
        "api_key": null,
        "base_url": "https://api.api-engagement.beta.gouv.fr",
        "request_timeout_ms": 10000,
    })
}

impl ApiEngagementSettings {
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        if !(self.base_url.starts_with("https://") || self.base_url.starts_with("http://")) {
            return Err(invalid("api_engagement.base_url", "must be an http(s) URL"));
        }
        if self.request_timeout_ms == 0 {
            return Err(invalid(
                "api_engagement.request_timeout_ms",
                "must be at least 1",
            ));
        }
        Ok(())
    }
}
