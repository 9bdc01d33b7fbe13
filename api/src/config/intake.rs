//! The signup intake: signups committed in groups.

use serde::Deserialize;

/// Group commit of signups.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntakeSettings {
    /// Transactions writing signups at once.
    pub writers: usize,
    /// Signups written in one transaction at most.
    pub max_batch: usize,
    /// How long a writer waits for more signups after the first (ms).
    pub window_ms: u64,
}

/// The `intake` section's defaults.
pub(super) fn defaults() -> serde_json::Value {
    serde_json::json!({ "writers": 4, "max_batch": 64, "window_ms": 2 })
}
