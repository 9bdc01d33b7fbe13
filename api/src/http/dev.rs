//! The development mailbox: the last emails sent to an address, with their
//! links, so that SPA developers and journey tests can follow activation
//! links without a mail server. Off unless `auth.dev_mailbox` is set.

use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::email::EmailJob;
use crate::error::ServiceError;
use crate::state::AppState;
use crate::store::outbox;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct MailboxQuery {
    /// The recipient's address (any case).
    pub to: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MailboxEmail {
    pub id: Uuid,
    pub template: String,
    pub subject: String,
    pub text: String,
    /// Every link of the email, in order.
    pub links: Vec<String>,
    /// Outbox state: `pending`, `running`, `done`, `dead`.
    pub state: crate::store::outbox::JobState,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Mailbox {
    pub items: Vec<MailboxEmail>,
}

/// Development only: the last 20 emails to an address, newest first.
#[utoipa::path(tag = "development", params(MailboxQuery), responses((status = 200, body = Mailbox), (status = 404)))]
#[get("/dev/mailbox")]
pub async fn mailbox(
    state: web::Data<AppState>,
    query: web::Query<MailboxQuery>,
) -> Result<HttpResponse, ServiceError> {
    if !state.settings.auth.dev_mailbox {
        return Err(ServiceError::NotFound);
    }
    let wanted = query.to.trim().to_lowercase();
    let jobs = outbox::latest_emails_to(&state.db, &wanted, 20).await?;
    let app_url = &state.settings.auth.app_base_url;
    let items = jobs
        .into_iter()
        .filter_map(|job| {
            let email: EmailJob = serde_json::from_value(job.payload.0).ok()?;
            let rendered = email.template.render(&email.params, app_url).ok()?;
            Some(MailboxEmail {
                id: job.id,
                template: email.template.name().to_owned(),
                links: links(&rendered.text),
                subject: rendered.subject,
                text: rendered.text,
                state: job.state,
                created_at: job.created_at,
            })
        })
        .collect();
    Ok(HttpResponse::Ok().json(Mailbox { items }))
}

fn links(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter(|w| w.starts_with("http://") || w.starts_with("https://"))
        .map(|w| w.trim_end_matches(['.', ',', ')', ';']).to_owned())
        .collect()
}
