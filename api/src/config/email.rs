//! Email: the sender, Brevo, and the sending rate.

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::{invalid, ConfigError};

/// Transactional email. Without a Brevo key, emails are rendered to the log.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailSettings {
    pub sender_email: String,
    pub sender_name: String,
    /// Brevo API key (`BREVO_API_KEY`); set, emails go through Brevo.
    pub brevo_api_key: Option<SecretString>,
    /// Brevo's API root; tests point it at a local stand-in.
    pub brevo_base_url: String,
    /// `X-Sib-Sandbox: drop`: Brevo accepts and drops every email.
    pub sandbox: bool,
    /// Brevo-side templates to use instead of ours: template name → id.
    pub brevo_template_ids: std::collections::BTreeMap<String, i64>,
    /// Bearer token Brevo's webhooks are configured with.
    pub webhook_token: Option<SecretString>,
    /// Non-urgent emails sent per second at most (a drained backlog after
    /// degraded mode, bulk notifications); security emails are not held.
    pub rate_per_sec: u32,
    pub connect_timeout_ms: u64,
    pub request_timeout_ms: u64,
    /// A coalesced notice (new applications, unread messages) tells what
    /// happened up to this long before it runs: a transaction that began
    /// earlier but commits later is then in this notice or the next, never
    /// in neither. Longer than the statement timeout.
    pub notice_settle_ms: u64,
}

/// The `email` section's defaults.
pub(super) fn defaults() -> serde_json::Value {
    serde_json::json!({
        "sender_email": "ne-pas-repondre@renfort.example",
        "sender_name": "Renfort",
        "brevo_api_key": null,
        "brevo_base_url": "https://api.brevo.com",
        "notice_settle_ms": 10000,
        "sandbox": false,
        "brevo_template_ids": {},
        "webhook_token": null,
        "rate_per_sec": 100,
        "connect_timeout_ms": 2000,
        "request_timeout_ms": 10000,
    })
}

impl EmailSettings {
    /// Refuses a value of this section that cannot work, naming it.
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        if !self.sender_email.contains('@') {
            return Err(invalid("email.sender_email", "must be an email address"));
        }
        if self.rate_per_sec == 0 {
            return Err(invalid("email.rate_per_sec", "must be at least 1"));
        }
        // An empty token would let anyone who sends `Bearer ` feed the
        // suppression list.
        if self
            .webhook_token
            .as_ref()
            .is_some_and(|t| t.expose_secret().trim().len() < 16)
        {
            return Err(invalid(
                "email.webhook_token",
                "must be at least 16 characters; leave it unset to refuse every webhook",
            ));
        }
        Ok(())
    }
}
