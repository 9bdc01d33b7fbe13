//! Redis, optional: the shared cache, rate limits and service mode of
//! several replicas.

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::{invalid, ConfigError};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedisSettings {
    pub url: Option<SecretString>,
    /// Connections requests share; each carries any number of commands at
    /// once (multiplexed), so a few serve thousands of requests a second.
    pub pool_size: usize,
    /// Prefix of every key, so that deployments (or test runs) can share
    /// one Redis.
    pub key_prefix: String,
    /// Per-command budget; past it the in-process adapters take over.
    pub timeout_ms: u64,
    /// With a `rediss://` URL: a PEM file of the certificate authority
    /// that signed the server's certificate (a managed Redis's CA).
    /// Unset, the system's trust store verifies it.
    pub ca_file: Option<String>,
}

/// The `redis` section's defaults.
pub(super) fn defaults() -> serde_json::Value {
    serde_json::json!({
        "url": null,
        "pool_size": 4,
        "key_prefix": "renfort:",
        "timeout_ms": 250,
        "ca_file": null,
    })
}

impl RedisSettings {
    /// Refuses a value of this section that cannot work, naming it.
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        if let Some(url) = &self.url {
            let url = url.expose_secret();
            if !(url.starts_with("redis://") || url.starts_with("rediss://")) {
                return Err(invalid("REDIS_URL", "expected a redis:// or rediss:// URL"));
            }
            if self.ca_file.is_some() && !url.starts_with("rediss://") {
                return Err(invalid(
                    "redis.ca_file",
                    "is for TLS: use a rediss:// URL with it",
                ));
            }
        }
        Ok(())
    }
}
