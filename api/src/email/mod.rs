//! Transactional email: messages are written to the outbox as a template
//! name plus parameters, rendered by the worker, and handed to a sink
//! (the log in development; Brevo in production).

pub mod templates;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use templates::{Rendered, Template};

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
}

#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// Worth retrying later (network, provider overloaded).
    #[error("transient: {0}")]
    Transient(String),
    /// Will never succeed (refused address, bad request).
    #[error("permanent: {0}")]
    Permanent(String),
}

/// Where rendered emails go.
#[derive(Debug, Clone)]
pub enum Sink {
    /// Development: the rendered email is written to the log (and the job,
    /// kept in the outbox, feeds the development mailbox).
    Log,
}

impl Sink {
    pub async fn send(
        &self,
        job_id: uuid::Uuid,
        to: &str,
        email: &Rendered,
    ) -> Result<(), SendError> {
        match self {
            Sink::Log => {
                tracing::info!(
                    target: "renfort::email",
                    %job_id,
                    to,
                    subject = %email.subject,
                    text = %email.text,
                    "email delivered to the log sink"
                );
                Ok(())
            }
        }
    }
}
