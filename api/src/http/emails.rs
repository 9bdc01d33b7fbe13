//! Email operations: the dead and waiting emails, requeueing, and Brevo's
//! webhook feeding the suppression list.

use actix_web::http::header;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;
use utoipa::ToSchema;
use uuid::Uuid;

use super::actor::Admin;
use super::extract::Body;
use super::pagination::{Page, PageQuery};
use super::problem::Problem;
use crate::email::Template;
use crate::error::ServiceError;
use crate::problem_code::ProblemCode;
use crate::state::AppState;
use crate::store::outbox;

pub use crate::store::outbox::JobState as EmailJobState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct EmailQuery {
    pub state: Option<EmailJobState>,
    pub template: Option<Template>,
    /// 1 to 100; 20 when absent.
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// An email job as operators see it (never its links' secrets).
#[derive(Debug, Serialize, ToSchema)]
pub struct EmailJobView {
    pub id: Uuid,
    pub to: String,
    pub template: String,
    pub state: EmailJobState,
    pub attempts: i32,
    pub last_error: Option<String>,
    /// Why it finished without being sent, e.g. a suppressed address.
    pub outcome: Option<String>,
    pub run_after: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

/// Email jobs, newest first, by state and template.
#[utoipa::path(operation_id = "list_emails", tag = "admin", security(("bearer" = [])), params(EmailQuery), responses(
    (status = 200, body = Page<EmailJobView>),
    (status = 403, body = Problem, content_type = "application/problem+json"),
))]
#[get("/admin/emails")]
pub async fn list(
    state: web::Data<AppState>,
    _: Admin,
    req: HttpRequest,
) -> Result<HttpResponse, ServiceError> {
    let query: EmailQuery = super::parse_query(&req)?;
    let page = PageQuery {
        limit: query.limit,
        cursor: query.cursor,
    };
    let limit = page.limit()?;
    let before: Option<Uuid> = page.cursor()?;
    let rows = outbox::emails(
        &state.db,
        query.state.map(EmailJobState::as_str),
        query.template.map(Template::name),
        before,
        limit + 1,
    )
    .await?;
    Ok(HttpResponse::Ok().json(Page::from_rows(
        rows,
        limit,
        |j| j.id,
        |j| EmailJobView {
            id: j.id,
            to: j.payload.0["to"].as_str().unwrap_or_default().to_owned(),
            template: j.payload.0["template"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            state: j.state,
            attempts: j.attempts,
            last_error: j.last_error,
            outcome: j.outcome,
            run_after: j.run_after,
            created_at: j.created_at,
        },
    )))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Requeued {
    pub requeued: u64,
}

/// Put one dead email back in the queue, with fresh attempts.
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = Requeued),
    (status = 404, description = "no dead email with this id", body = Problem, content_type = "application/problem+json"),
))]
#[post("/admin/emails/{id}/requeue")]
pub async fn requeue_one(
    state: web::Data<AppState>,
    _: Admin,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let n = outbox::requeue_dead_emails(&state.db, Some(id.into_inner()), None).await?;
    if n == 0 {
        return Err(ServiceError::NotFound);
    }
    Ok(HttpResponse::Ok().json(Requeued { requeued: n }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequeueTemplate {
    pub template: Template,
}

/// Put every dead email of a template back in the queue.
#[utoipa::path(tag = "admin", security(("bearer" = [])), request_body = RequeueTemplate, responses((status = 200, body = Requeued)))]
#[post("/admin/emails/requeue")]
pub async fn requeue_template(
    state: web::Data<AppState>,
    _: Admin,
    body: Body<RequeueTemplate>,
) -> Result<HttpResponse, ServiceError> {
    let body = body.parse()?;
    let n = outbox::requeue_dead_emails(&state.db, None, Some(body.template.name())).await?;
    Ok(HttpResponse::Ok().json(Requeued { requeued: n }))
}

/// Brevo's transactional events that mean "send nothing more here".
const SUPPRESSING: &[&str] = &[
    "hard_bounce",
    "spam",
    "blocked",
    "invalid_email",
    "unsubscribed",
    "unsubscribe",
];

/// One transactional event, as Brevo posts it (other fields ignored).
#[derive(Debug, Deserialize, ToSchema)]
pub struct BrevoEvent {
    #[schema(example = "hard_bounce")]
    pub event: String,
    pub email: String,
    #[serde(rename = "message-id")]
    pub message_id: Option<String>,
    /// Milliseconds since the epoch, UTC.
    pub ts_epoch: Option<i64>,
}

/// Brevo's transactional webhook. Authenticated by the bearer token the
/// webhook was configured with (compared in constant time); hard bounces,
/// spam complaints, blocks, invalid addresses and unsubscriptions put the
/// address on the suppression list. Other events are accepted and ignored.
#[utoipa::path(tag = "webhooks", request_body = BrevoEvent, responses(
    (status = 204),
    (status = 400, body = Problem, content_type = "application/problem+json"),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "no webhook token configured"),
))]
#[post("/webhooks/brevo")]
pub async fn brevo_webhook(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ServiceError> {
    let Some(expected) = &state.settings.email.webhook_token else {
        return Err(ServiceError::NotFound);
    };
    let presented = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    let authentic: bool = presented
        .as_bytes()
        .ct_eq(expected.expose_secret().as_bytes())
        .into();
    if !authentic {
        tracing::warn!(target: "renfort::security", "Brevo webhook with a wrong or missing token");
        return Err(ServiceError::Unauthenticated {
            code: ProblemCode::InvalidToken,
            detail: "this webhook needs its bearer token".into(),
        });
    }
    let event: BrevoEvent =
        serde_json::from_slice(&body).map_err(|e| ServiceError::BadRequest {
            code: ProblemCode::MalformedEvent,
            detail: format!("not a Brevo event: {e}"),
        })?;
    if SUPPRESSING.contains(&event.event.as_str()) {
        let email = event.email.trim().to_lowercase();
        if !email.contains('@') {
            return Err(ServiceError::BadRequest {
                code: ProblemCode::MalformedEvent,
                detail: "the event has no email address".into(),
            });
        }
        crate::services::admin::suppress_address(&state, &email, &event.event).await?;
        tracing::info!(event = %event.event, "address suppressed after a Brevo event");
    }
    Ok(HttpResponse::NoContent().finish())
}
