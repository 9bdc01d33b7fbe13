//! Transactional email: messages are written to the outbox as a template
//! name plus parameters, rendered by the worker, and handed to a sink
//! (the log in development; Brevo in production).

pub mod brevo;
pub mod mailer;
pub mod templates;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use templates::{params, EmailParams, Rendered, Template};

/// Outbox job kind for emails.
pub const JOB_KIND: &str = "email";

/// The payload of an `email` job.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EmailJob {
    pub to: String,
    pub template: Template,
    #[serde(default)]
    pub params: Map<String, Value>,
    /// For an email its reader may turn off: the one-click unsubscribe URL
    /// (RFC 8058), sent as `List-Unsubscribe` with `List-Unsubscribe-Post`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unsubscribe: Option<String>,
}

impl crate::store::outbox::Job for EmailJob {
    const KIND: &'static str = JOB_KIND;

    fn priority(&self) -> i32 {
        self.template.urgency() as i32
    }
}

/// How soon an email must go. In degraded mode only `Security` goes out;
/// the rest waits in the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    /// Notifications and digests.
    Low = 0,
    /// Activation, which a person waits for but which can be late.
    Normal = 5,
    /// Password resets and security notices.
    Security = 10,
}

impl Template {
    pub fn urgency(self) -> Urgency {
        match self {
            Template::PasswordReset | Template::PasswordChanged | Template::EmailChange => {
                Urgency::Security
            }
            Template::Activation
            | Template::AlreadyRegistered
            | Template::OrganizationInvitation => Urgency::Normal,
            Template::OrganizationSubmitted
            | Template::OrganizationApproved
            | Template::OrganizationRejected
            | Template::MissionPublished
            | Template::MissionRejected
            | Template::MissionFlagged
            | Template::ParticipationCreated
            | Template::WaitingListPromoted
            | Template::ParticipationAccepted
            | Template::ParticipationDeclined
            | Template::ParticipationCancelled
            | Template::NewApplication
            | Template::VolunteerCancelled
            | Template::MissionAlmostFull
            | Template::MissionFull
            | Template::InactivityWarning
            | Template::NewMessage
            | Template::ReminderDayBefore
            | Template::ReminderApplicationWaiting
            | Template::ReminderCloseOrExtend
            | Template::ReminderModerationDigest
            | Template::FavouritesDigest
            | Template::SavedSearchAlert
            | Template::MessagesDigest => Urgency::Low,
            // A shift moved or cancelled may be tomorrow's: not held back.
            Template::ShiftChanged | Template::ShiftCancelled => Urgency::Normal,
            // Staff wait for these; they are not bulk.
            Template::WebhookDisabled | Template::ExportReady | Template::MessageReported => {
                Urgency::Normal
            }
        }
    }
}

/// Writes an email to the outbox, in the transaction of the change that
/// causes it.
pub async fn enqueue<P: EmailParams>(
    tx: &mut crate::store::Tx,
    to: &str,
    params: &P,
) -> Result<uuid::Uuid, crate::store::StoreError> {
    crate::store::outbox::enqueue(tx, job(to, params)).await
}

/// Writes an email its reader may turn off, with the one-click
/// unsubscribe URL that does it.
pub async fn enqueue_optional<P: EmailParams>(
    tx: &mut crate::store::Tx,
    to: &str,
    params: &P,
    unsubscribe: String,
) -> Result<uuid::Uuid, crate::store::StoreError> {
    let mut job = email_job(to, params);
    job.unsubscribe = Some(unsubscribe);
    crate::store::outbox::enqueue(tx, crate::store::outbox::Job::new_job(&job, None)).await
}

/// The outbox job of an email; `store::outbox::enqueue_many` writes
/// several at once.
pub fn job<P: EmailParams>(to: &str, params: &P) -> crate::store::outbox::NewJob {
    crate::store::outbox::Job::new_job(&email_job(to, params), None)
}

fn email_job<P: EmailParams>(to: &str, params: &P) -> EmailJob {
    EmailJob {
        to: to.to_owned(),
        template: P::TEMPLATE,
        params: match serde_json::to_value(params).expect("email parameters serialize") {
            Value::Object(map) => map,
            _ => Map::new(),
        },
        unsubscribe: None,
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// Worth retrying later (network, provider overloaded).
    #[error("transient: {0}")]
    Transient(String),
    /// Will never succeed (refused address, bad request).
    #[error("permanent: {0}")]
    Permanent(String),
    /// The provider asks every sender to wait this long.
    #[error("rate limited for {0:?}")]
    RateLimited(std::time::Duration),
}

/// `text` with the value of every `token=` parameter of its links
/// replaced by `[redacted]`.
pub fn without_link_secrets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("token=") {
        let (before, after) = rest.split_at(at + "token=".len());
        out.push_str(before);
        let secret = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '%'))
            .unwrap_or(after.len());
        if secret > 0 {
            out.push_str("[redacted]");
        }
        rest = &after[secret..];
    }
    out.push_str(rest);
    out
}

/// Where rendered emails go.
pub enum Sink {
    /// Development: the rendered email is written to the log (and the job,
    /// kept in the outbox, feeds the development mailbox).
    Log,
    Brevo(brevo::Brevo),
}

impl Sink {
    pub fn from_settings(settings: &crate::config::EmailSettings) -> anyhow::Result<Self> {
        Ok(match &settings.brevo_api_key {
            Some(key) => Sink::Brevo(brevo::Brevo::new(settings, key.clone())?),
            None => Sink::Log,
        })
    }

    pub async fn send(
        &self,
        job_id: uuid::Uuid,
        email: &EmailJob,
        rendered: &Rendered,
    ) -> Result<(), SendError> {
        match self {
            Sink::Log => {
                // The links' secrets stay out of the log, which outlives
                // them and is read by more people than the addressee; a
                // developer finds the links in the development mailbox.
                tracing::info!(
                    target: "renfort::email",
                    %job_id,
                    to = %email.to,
                    subject = %rendered.subject,
                    text = %without_link_secrets(&rendered.text),
                    "email delivered to the log sink"
                );
                Ok(())
            }
            Sink::Brevo(brevo) => brevo.send(job_id, email, rendered).await,
        }
    }
}

#[cfg(test)]
mod log_tests {
    #[test]
    fn link_secrets_are_redacted_and_the_rest_kept() {
        let text = "Activez : https://app.example.org/activation?token=Ab-9_x%3D&lang=fr puis token= vide.";
        assert_eq!(
            super::without_link_secrets(text),
            "Activez : https://app.example.org/activation?token=[redacted]&lang=fr puis token= vide."
        );
    }
}
