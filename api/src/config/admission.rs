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
    /// Requests of this process working on one mission's places at once
    /// (applying, joining its waiting list); the others wait in memory
    /// before the admission queue, so that a mission everyone wants never
    /// holds the slots the rest of the platform needs.
    pub per_mission: usize,
    /// How long a request may wait for its mission's turn before it is
    /// refused with 503 `overloaded` (not counted as platform overload).
    pub mission_wait_ms: u64,
    /// How long this process answers "full" from memory once it saw a
    /// mission full (a place given back through it is seen at once; 0
    /// never answers from memory).
    pub full_memory_ms: u64,
    /// How late the HTTP workers may wake, at the least over 100 ms,
    /// before requests are shed for lack of CPU (`platform/sojourn.rs`);
    /// 0 measures without shedding.
    pub cpu_target_ms: u64,
}

/// The `admission` section's defaults.
pub(super) fn defaults() -> serde_json::Value {
    serde_json::json!({
        "limit": 0,
        "queue_budget_ms": 100,
        "max_queue": 1024,
        "per_mission": 2,
        "mission_wait_ms": 1000,
        "full_memory_ms": 1000,
        "cpu_target_ms": 10,
    })
}
