//! Moderation: organisations trusted to publish without review.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModerationSettings {
    /// Organisations whose missions are published on submission, without
    /// review, once the organisation itself is approved.
    pub trusted_organizations: Vec<uuid::Uuid>,
}

/// The `moderation` section's defaults.
pub(super) fn defaults() -> serde_json::Value {
    serde_json::json!({ "trusted_organizations": [] })
}
