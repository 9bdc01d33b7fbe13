//! Logs and traces.

use serde::{Deserialize, Serialize};

use super::{invalid, ConfigError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    Json,
    Pretty,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    pub format: LogFormat,
    /// A `tracing` filter directive, e.g. `info,sqlx=warn`.
    pub filter: String,
    /// Where traces go over OTLP/HTTP (`http://collector:4318/v1/traces`),
    /// in plain HTTP to a collector nearby; unset, no trace is kept.
    pub otlp_endpoint: Option<String>,
    /// The share of requests traced (a caller's own decision, in
    /// `traceparent`, is followed).
    pub otlp_sample_ratio: f64,
}

/// The `log` section's defaults.
pub(super) fn defaults() -> serde_json::Value {
    serde_json::json!({
        "format": "pretty",
        "filter": "info,sqlx=warn",
        "otlp_endpoint": null,
        "otlp_sample_ratio": 0.1,
    })
}

impl LogSettings {
    /// Refuses a value of this section that cannot work, naming it.
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        if !(0.0..=1.0).contains(&self.otlp_sample_ratio) {
            return Err(invalid("log.otlp_sample_ratio", "must be between 0 and 1"));
        }
        if let Some(endpoint) = &self.otlp_endpoint {
            // The exporter's client carries no TLS: traces go to a
            // collector nearby (in the cluster), which forwards them.
            if !endpoint.starts_with("http://") {
                return Err(invalid(
                "log.otlp_endpoint",
                "expected the http:// URL of a nearby OTLP/HTTP collector (it forwards over TLS)",
            ));
            }
        }
        Ok(())
    }
}
