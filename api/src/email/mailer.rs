//! Delivery of one email job: suppression, pacing, the provider's
//! back-pressure, then the sink.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;
use uuid::Uuid;

use super::{EmailJob, SendError, Sink, Template, Urgency};
use crate::store::outbox::JobError;
use crate::store::{suppressions, Db};

pub struct Mailer {
    sink: Sink,
    db: Db,
    app_url: String,
    /// Spacing between non-urgent sends (1 / `email.rate_per_sec`).
    spacing: Duration,
    next_slot: tokio::sync::Mutex<Instant>,
    /// Set when the provider answers 429: no email is claimed before.
    paused_until: Mutex<Option<Instant>>,
}

impl Mailer {
    pub fn new(sink: Sink, db: Db, app_url: String, rate_per_sec: u32) -> Self {
        Mailer {
            sink,
            db,
            app_url,
            spacing: Duration::from_secs_f64(1.0 / f64::from(rate_per_sec.max(1))),
            next_slot: tokio::sync::Mutex::new(Instant::now()),
            paused_until: Mutex::new(None),
        }
    }

    /// How long emails must still wait after the provider's last 429.
    pub fn pause_remaining(&self) -> Option<Duration> {
        let paused = *self.paused_until.lock().expect("pause lock");
        paused.and_then(|until| until.checked_duration_since(Instant::now()))
    }

    fn pause(&self, wait: Duration) {
        let until = Instant::now() + wait;
        let mut paused = self.paused_until.lock().expect("pause lock");
        if paused.is_none_or(|p| p < until) {
            *paused = Some(until);
        }
    }

    /// Waits for this send's slot, so that non-urgent mail leaves at
    /// `rate_per_sec` at most whatever the backlog.
    async fn pace(&self) {
        let slot = {
            let mut next = self.next_slot.lock().await;
            let slot = (*next).max(Instant::now());
            *next = slot + self.spacing;
            slot
        };
        tokio::time::sleep_until(slot).await;
    }

    /// Delivers one email job; `Ok(Some(note))` when it was deliberately
    /// not sent.
    pub async fn deliver(
        &self,
        job_id: Uuid,
        email: &EmailJob,
    ) -> Result<Option<String>, JobError> {
        let rendered = email
            .template
            .render(&email.params, &self.app_url)
            .map_err(|e| JobError::Permanent(e.to_string()))?;
        // A person who bounced or complained gets nothing more, except the
        // password reset they are asking for right now.
        if email.template != Template::PasswordReset {
            let mut conn = self
                .db
                .acquire()
                .await
                .map_err(|e| JobError::Transient(e.to_string()))?;
            if let Some(reason) = suppressions::reason(conn.h(), &email.to.to_lowercase())
                .await
                .map_err(|e| JobError::Transient(e.to_string()))?
            {
                return Ok(Some(format!(
                    "skipped: {} is suppressed ({reason})",
                    email.to
                )));
            }
        }
        if let Some(wait) = self.pause_remaining() {
            return Err(JobError::Deferred(wait));
        }
        if email.template.urgency() != Urgency::Security {
            self.pace().await;
        }
        match self.sink.send(job_id, email, &rendered).await {
            Ok(()) => Ok(None),
            Err(SendError::RateLimited(wait)) => {
                tracing::warn!(
                    wait_ms = wait.as_millis() as u64,
                    "email provider rate limit: pausing every email"
                );
                self.pause(wait);
                Err(JobError::Deferred(wait))
            }
            Err(SendError::Transient(m)) => Err(JobError::Transient(m)),
            Err(SendError::Permanent(m)) => Err(JobError::Permanent(m)),
        }
    }
}
