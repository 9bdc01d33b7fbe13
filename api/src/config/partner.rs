//! The partner API: key rates, feeds, webhooks and exports.

use serde::Deserialize;

use super::{invalid, ConfigError};

/// The partner API: keys, the change feed, webhooks, exports.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnerSettings {
    /// Requests per minute a key may make unless it says otherwise (on
    /// top of the per-IP limits).
    pub key_rate_per_minute: u32,
    /// The most any key may make a minute, whatever its owners asked for:
    /// what the platform lends one partner. Keys stored with more are
    /// held to it.
    pub key_rate_ceiling_per_minute: u32,
    /// The change feed shows a change once it is this old: a transaction
    /// that started earlier but committed later cannot slip in behind a
    /// cursor already handed out. Longer than the statement timeout.
    pub feed_settle_ms: u64,
    /// How long a webhook receiver may take to answer.
    pub webhook_timeout_ms: u64,
    /// The waits between attempts of a delivery; after the last, it has
    /// failed (the default spans a little over 24 h).
    pub webhook_retry_secs: Vec<u64>,
    /// Consecutive failed attempts after which an endpoint is disabled
    /// and its organisation's owners are told.
    pub webhook_disable_after: i32,
    /// After a rotation, deliveries are signed with both secrets this long.
    pub webhook_secret_overlap_hours: i64,
    /// Development only: endpoints on loopback, over plain HTTP, are taken
    /// and called. Private and link-local addresses stay refused.
    pub webhook_allow_loopback: bool,
    /// Webhook endpoints an organisation may register: each event goes to
    /// every one, so their number multiplies the deliveries.
    pub webhook_endpoints_per_organization: usize,
    /// Exports up to this many rows stream at once; larger ones are
    /// produced by the worker and downloaded from a link.
    pub export_stream_rows: i64,
    /// How long an export's download link works.
    pub export_link_hours: i64,
}

/// The `partner` section's defaults.
pub(super) fn defaults() -> serde_json::Value {
    serde_json::json!({
        "key_rate_per_minute": 600,
        "key_rate_ceiling_per_minute": 3000,
        "feed_settle_ms": 10000,
        "webhook_timeout_ms": 5000,
        // Immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h:
        // about 27 h in all.
        "webhook_retry_secs": [5, 300, 1800, 7200, 18000, 36000, 36000],
        "webhook_disable_after": 40,
        "webhook_secret_overlap_hours": 24,
        "webhook_allow_loopback": false,
        "webhook_endpoints_per_organization": 10,
        "export_stream_rows": 5000,
        "export_link_hours": 24,
    })
}

impl PartnerSettings {
    /// Refuses a value of this section that cannot work, naming it.
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        if self.key_rate_ceiling_per_minute == 0 || self.key_rate_ceiling_per_minute > 100_000 {
            return Err(invalid(
                "partner.key_rate_ceiling_per_minute",
                "must be between 1 and 100000",
            ));
        }
        if self.key_rate_per_minute == 0
            || self.key_rate_per_minute > self.key_rate_ceiling_per_minute
        {
            return Err(invalid(
                "partner.key_rate_per_minute",
                "must be between 1 and partner.key_rate_ceiling_per_minute",
            ));
        }
        if self.webhook_disable_after < 1 {
            return Err(invalid(
                "partner.webhook_disable_after",
                "must be at least 1",
            ));
        }
        if self.export_stream_rows < 0 || self.export_link_hours < 1 {
            return Err(invalid(
                "partner.export_stream_rows",
                "must be at least 0, with links of at least 1 hour",
            ));
        }
        Ok(())
    }
}
