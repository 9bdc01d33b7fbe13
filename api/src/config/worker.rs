//! The outbox worker: how many jobs at once, how often it looks, retries.

use serde::{Deserialize, Serialize};

use super::{invalid, ConfigError};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkerSettings {
    /// Run the outbox worker inside `serve` (the embedded default). In
    /// production, turn it off and run `renfort worker` processes instead.
    pub embedded: bool,
    /// Jobs claimed and run at once by one worker.
    pub concurrency: usize,
    /// Webhook deliveries in flight at once in a worker's lane for them,
    /// apart from every other job (one at a time per endpoint).
    pub webhook_lane: usize,
    pub poll_interval_ms: u64,
    /// A claimed job whose worker vanished is taken again after this long.
    pub claim_ttl_secs: u64,
    pub max_attempts: i32,
    /// First retry delay; doubled on each attempt, with jitter.
    pub backoff_base_ms: u64,
    pub backoff_max_secs: u64,
    /// Done jobs are deleted this long after they finished.
    pub done_retention_days: i64,
    /// How often the worker purges what has outlived its retention (done
    /// jobs, expired idempotency keys and refresh tokens).
    pub housekeeping_interval_secs: u64,
}

/// The `worker` section's defaults.
pub(super) fn defaults() -> serde_json::Value {
    serde_json::json!({
        "embedded": true,
        "concurrency": 8,
        "webhook_lane": 16,
        "poll_interval_ms": 250,
        "claim_ttl_secs": 120,
        "max_attempts": 8,
        "backoff_base_ms": 2000,
        "backoff_max_secs": 3600,
        "done_retention_days": 7,
        "housekeeping_interval_secs": 600,
    })
}

impl WorkerSettings {
    /// Refuses a value of this section that cannot work, naming it.
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        if self.concurrency == 0 {
            return Err(invalid("worker.concurrency", "must be at least 1"));
        }
        if self.max_attempts < 1 {
            return Err(invalid("worker.max_attempts", "must be at least 1"));
        }
        Ok(())
    }
}
