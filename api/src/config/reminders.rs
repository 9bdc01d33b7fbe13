//! Scheduled reminders: which are sent, and at what hour where the mission
//! happens.

use serde::Deserialize;

/// Which scheduled reminders are sent; each can be turned off.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReminderSettings {
    /// To the volunteer, the day before an accepted participation starts.
    pub day_before: bool,
    /// To the organisation, when an application has waited 3, then 7 days.
    pub application_waiting: bool,
    /// To the organisation, when a mission's end date is past and it is
    /// still open.
    pub close_or_extend: bool,
    /// To each referent, every morning, when their queue is not empty.
    pub moderation_digest: bool,
    /// To volunteers, once a day at most, when favourite missions close
    /// within `favourites_closing_days`.
    pub favourites_digest: bool,
    pub favourites_closing_days: i64,
    /// To volunteers, once a day at most, the new missions matching their
    /// saved searches.
    pub saved_search_alerts: bool,
    /// The hour reminders of a day go out, on the clocks where they
    /// concern: the mission's zone, or the department's of a digest's
    /// readers (09:00 in Paris and 09:00 in La Réunion are six hours
    /// apart).
    pub local_hour: u32,
}

/// The `reminders` section's defaults.
pub(super) fn defaults() -> serde_json::Value {
    serde_json::json!({
        "day_before": true,
        "application_waiting": true,
        "close_or_extend": true,
        "moderation_digest": true,
        "favourites_digest": true,
        "favourites_closing_days": 3,
        "saved_search_alerts": true,
        "local_hour": 8,
    })
}
