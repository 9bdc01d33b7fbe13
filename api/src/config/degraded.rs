//! Degraded mode: when it engages, what it sheds, how long it lasts.

use serde::Deserialize;

/// When the service switches itself to degraded mode, and what that mode
/// changes: the policy table, one line per feature.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DegradedSettings {
    /// Engage after this many consecutive seconds of overload.
    pub engage_after_secs: u64,
    /// Release after this many consecutive calm seconds.
    pub calm_secs: u64,
    /// Overload signals: requests shed per second, requests waiting for a
    /// database connection, p99 latency of admitted requests (ms), age of
    /// the oldest due outbox job (s). Any two of them, or the shed rate
    /// alone, make a second overloaded.
    pub shed_per_sec: u64,
    pub pool_waiting: i64,
    pub latency_p99_ms: u64,
    pub outbox_age_secs: i64,
    /// Policy: non-urgent emails wait (security emails always go).
    pub hold_non_urgent_email: bool,
    /// Policy: listing and search copies stay fresh this many times longer.
    pub ttl_factor: u32,
    /// Policy: exports, histories and admin lists answer 503.
    pub heavy_endpoints_unavailable: bool,
    /// Policy: a search that is not cached answers 503 instead of querying.
    pub search_cache_only: bool,
}

/// The `degraded` section's defaults.
pub(super) fn defaults() -> serde_json::Value {
    serde_json::json!({
        "engage_after_secs": 3,
        "calm_secs": 60,
        "shed_per_sec": 20,
        "pool_waiting": 4,
        "latency_p99_ms": 500,
        "outbox_age_secs": 120,
        "hold_non_urgent_email": true,
        "ttl_factor": 10,
        "heavy_endpoints_unavailable": true,
        "search_cache_only": false,
    })
}
