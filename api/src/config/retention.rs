//! Retention: inactive accounts warned then erased, signups never
//! activated, stale drafts.

use serde::Deserialize;

/// Personal data kept no longer than it serves: inactive accounts are
/// warned, then erased; signups never activated are purged.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionSettings {
    /// Off: nobody is warned or erased for inactivity.
    pub enabled: bool,
    /// An active account not signed in for this long is warned.
    pub inactive_after_days: i64,
    /// A warned account not signed in since is erased this long after.
    pub warning_days: i64,
    /// A signup never activated is deleted after this long.
    pub pending_purge_days: i64,
    /// An organisation left in draft, never submitted, is deregistered
    /// after this long without a change.
    pub draft_organization_days: i64,
    /// How often the sweep runs when it has caught up.
    pub sweep_every_secs: u64,
    /// Accounts handled per step of a sweep (each step its own job).
    pub batch: i64,
}

/// The `retention` section's defaults.
pub(super) fn defaults() -> serde_json::Value {
    serde_json::json!({
        "enabled": true,
        "inactive_after_days": 1095,
        "warning_days": 30,
        "pending_purge_days": 30,
        "draft_organization_days": 90,
        "sweep_every_secs": 3600,
        "batch": 100,
    })
}
