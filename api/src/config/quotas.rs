//! Quotas per account and organisation: what one person may create in a
//! day.

use serde::{Deserialize, Serialize};

use super::QuotaSetting;

/// Per-account and per-organisation quotas of the writes that send email
/// or create objects, so that no account becomes a spam relay.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuotaSettings {
    /// Organisations an account may create.
    pub organizations_per_account: QuotaSetting,
    /// Invitations an organisation may send (approved ones only).
    pub invitations_per_organization: QuotaSetting,
    /// Invitations one member may send, across organisations.
    pub invitations_per_account: QuotaSetting,
    /// Missions an organisation may create.
    pub missions_per_organization: QuotaSetting,
    /// Submissions for review (missions and organisations) per account.
    pub submissions_per_account: QuotaSetting,
    /// Applications a volunteer may send.
    pub applications_per_account: QuotaSetting,
    /// Email-change requests (each sends a link to a new address).
    pub email_changes_per_account: QuotaSetting,
    /// Exports one person may ask for (each reads a whole organisation's
    /// or department's rows).
    pub exports_per_account: QuotaSetting,
}

/// The `quotas` section's defaults.
pub(super) fn defaults() -> serde_json::Value {
    serde_json::json!({
        "organizations_per_account": { "limit": 3, "period_secs": 86400 },
        "invitations_per_organization": { "limit": 50, "period_secs": 86400 },
        "invitations_per_account": { "limit": 100, "period_secs": 86400 },
        "missions_per_organization": { "limit": 50, "period_secs": 86400 },
        "submissions_per_account": { "limit": 50, "period_secs": 86400 },
        "applications_per_account": { "limit": 20, "period_secs": 86400 },
        "email_changes_per_account": { "limit": 3, "period_secs": 86400 },
        "exports_per_account": { "limit": 10, "period_secs": 3600 },
    })
}
