//! Rate limits per caller: signups, logins, password resets, searches.

use serde::{Deserialize, Serialize};

/// `limit` requests per `period_secs`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuotaSetting {
    pub limit: u32,
    pub period_secs: u64,
}

/// Rate limits of the authentication endpoints. Per-IP quotas are
/// generous because mobile carriers put many people behind one address;
/// per-address quotas are tight because they protect one person.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitSettings {
    /// Signup and activation-email resends, per client IP.
    pub signup_per_ip: QuotaSetting,
    /// Signup and resends, per email address.
    pub signup_per_email: QuotaSetting,
    pub login_per_ip: QuotaSetting,
    /// Login attempts per email address from one client IP: what a
    /// guesser at one address gets.
    pub login_per_email_ip: QuotaSetting,
    /// Login attempts per email address from everywhere: a generous
    /// ceiling, so that strangers cannot lock a person out from one IP.
    pub login_per_email: QuotaSetting,
    /// Forgot and reset, per client IP.
    pub password_per_ip: QuotaSetting,
    /// Forgot-password requests per address from one client IP.
    pub password_per_email_ip: QuotaSetting,
    /// Forgot-password requests per address from everywhere (a ceiling
    /// that bounds the emails one mailbox can be sent).
    pub password_per_email: QuotaSetting,
    /// Refresh-token exchanges per client IP.
    pub refresh_per_ip: QuotaSetting,
    /// Searches per client IP that are not already cached: the ones that
    /// reach the database.
    pub search_miss_per_ip: QuotaSetting,
    /// Organisation look-ups by SIRET or RNA per client IP: enough for a
    /// registrant, too few to walk the register.
    pub lookup_per_ip: QuotaSetting,
    /// Messages an account may write in conversations.
    pub messages_per_account: QuotaSetting,
    /// Proof-of-work challenges handed out per client IP: enough for a
    /// person retrying, too few to bank solved challenges for a burst.
    pub challenge_per_ip: QuotaSetting,
}

/// The `limits` section's defaults.
pub(super) fn defaults() -> serde_json::Value {
    serde_json::json!({
        "signup_per_ip": { "limit": 100, "period_secs": 600 },
        "signup_per_email": { "limit": 5, "period_secs": 3600 },
        "login_per_ip": { "limit": 60, "period_secs": 60 },
        "login_per_email_ip": { "limit": 10, "period_secs": 900 },
        "login_per_email": { "limit": 100, "period_secs": 3600 },
        "password_per_ip": { "limit": 30, "period_secs": 600 },
        "password_per_email_ip": { "limit": 5, "period_secs": 3600 },
        "password_per_email": { "limit": 10, "period_secs": 3600 },
        "refresh_per_ip": { "limit": 120, "period_secs": 60 },
        "search_miss_per_ip": { "limit": 120, "period_secs": 60 },
        "lookup_per_ip": { "limit": 30, "period_secs": 60 },
        "messages_per_account": { "limit": 30, "period_secs": 600 },
        "challenge_per_ip": { "limit": 20, "period_secs": 60 },
    })
}
