//! Admission control: how much work is let in at once, and how long it may
//! wait.

use serde::Deserialize;

/// Admission control in front of the database-bound handlers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdmissionSettings {
    /// Requests of this process working at once; 0 means the database
    /// pool's size.
    pub limit: usize,
    /// How long a request may wait to start before it is refused with 503
    /// `overloaded`.
    pub queue_budget_ms: u64,
    /// Requests waiting at most; past it, less important ones leave.
    pub max_queue: usize,
}

/// The `admission` section's defaults.
pub(super) fn defaults() -> serde_json::Value {
    serde_json::json!({ "limit": 0, "queue_budget_ms": 100, "max_queue": 1024 })
}
