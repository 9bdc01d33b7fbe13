//! Idempotency keys: how long answers are kept.

use serde::Deserialize;

/// Stored responses of `Idempotency-Key` writes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdempotencySettings {
    /// How long a key answers with its stored response; then it is purged
    /// and may be used again.
    pub retention_hours: i64,
    /// A key reserved this long ago whose request never finished (the
    /// process died in between) is taken over by the next request.
    pub reservation_timeout_secs: i64,
}

/// The `idempotency` section's defaults.
pub(super) fn defaults() -> serde_json::Value {
    serde_json::json!({ "retention_hours": 24, "reservation_timeout_secs": 60 })
}
