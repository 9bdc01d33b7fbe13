//! Conversations: a thread per participation between the volunteer and
//! the organisation, unread counts, reports and the referents' queue.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::actor::Authenticated;
use super::extract::Body;
use super::problem::Problem;
use crate::error::ServiceError;
use crate::services::conversations as service;
use crate::state::AppState;
use crate::store::messages::MessageRow;

#[derive(Debug, Serialize, ToSchema)]
pub struct MessageView {
    pub id: Uuid,
    pub participation_id: Uuid,
    /// `volunteer` or `organization`.
    pub side: String,
    /// First name and initial; "Compte supprimé" once the author erased
    /// their account.
    pub author_name: String,
    /// Whether the caller wrote it.
    pub mine: bool,
    pub body: String,
    pub reported: bool,
    pub created_at: DateTime<Utc>,
}

fn view(m: MessageRow, me: Uuid) -> MessageView {
    MessageView {
        author_name: m.author_name(),
        mine: m.author_id == me,
        id: m.id,
        participation_id: m.participation_id,
        side: m.side,
        body: m.body,
        reported: m.reported,
        created_at: m.created_at,
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ThreadQuery {
    /// Messages older than this one (`next_before` of the previous page).
    pub before: Option<Uuid>,
    /// 1 to 100; 50 when absent.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

impl ThreadQuery {
    fn limit(&self) -> Result<i64, ServiceError> {
        match self.limit {
            None => Ok(50),
            Some(l @ 1..=100) => Ok(i64::from(l)),
            Some(_) => Err(ServiceError::field(
                "limit",
                "out_of_range",
                "must be between 1 and 100",
            )),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MessagePage {
    /// Newest first.
    pub items: Vec<MessageView>,
    /// Pass as `before` for older messages; absent at the first message.
    pub next_before: Option<Uuid>,
    /// Whether the caller may write here (referents only read).
    pub can_write: bool,
}

/// The messages of a participation's thread, newest first; reading the
/// first page marks the thread read. Its volunteer and the organisation's
/// members; the department's referents and admins once a message was
/// reported; 404 for anyone else.
#[utoipa::path(operation_id = "list_messages", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "participation"), ThreadQuery), responses(
    (status = 200, body = MessagePage),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/participations/{id}/messages")]
pub async fn list(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    req: HttpRequest,
) -> Result<HttpResponse, ServiceError> {
    let query: ThreadQuery = super::parse_query(&req)?;
    let limit = query.limit()?;
    let (thread, messages) =
        service::read(&state, &actor, id.into_inner(), query.before, limit).await?;
    let next_before = (messages.len() as i64 == limit)
        .then(|| messages.last().map(|m| m.id))
        .flatten();
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "private, no-store"))
        .json(MessagePage {
            items: messages.into_iter().map(|m| view(m, actor.id)).collect(),
            next_before,
            can_write: thread.side.is_some(),
        }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMessage {
    /// Plain text, 1 to 4,000 characters.
    #[schema(min_length = 1, max_length = 4000)]
    pub body: String,
}

/// Write in a participation's thread (its volunteer, the organisation's
/// members). The other side is emailed at most once an hour per thread,
/// never in degraded mode. Limited per account. A thread closes with its
/// application when it is declined or cancelled: it stays readable, and
/// nobody writes in it any more.
#[utoipa::path(operation_id = "write_message", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "participation")), request_body = NewMessage, responses(
    (status = 201, body = MessageView),
    (status = 403, description = "a referent reading a reported thread", body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`participation_closed`: the application was declined or cancelled", body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/participations/{id}/messages")]
pub async fn write(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: Body<NewMessage>,
) -> Result<HttpResponse, ServiceError> {
    let body = body.parse()?;
    let row = service::write(&state, &actor, id.into_inner(), &body.body).await?;
    Ok(HttpResponse::build(StatusCode::CREATED).json(view(row, actor.id)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageReport {
    /// Why, in at most 1,000 characters.
    #[schema(min_length = 1, max_length = 1000)]
    pub reason: String,
}

/// Report a message of a thread one takes part in: the department's
/// referents are told and may read the thread, which is kept as evidence.
/// Reporting twice changes nothing.
#[utoipa::path(operation_id = "report_message", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "message")), request_body = MessageReport, responses(
    (status = 204),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`own_message`", body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/messages/{id}/reports")]
pub async fn report(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: Body<MessageReport>,
) -> Result<HttpResponse, ServiceError> {
    let body = body.parse()?;
    service::report(&state, &actor, id.into_inner(), &body.reason).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnreadThread {
    pub participation_id: Uuid,
    pub mission_id: Uuid,
    pub mission_title: String,
    pub unread: u64,
    pub latest_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnreadMessages {
    pub total: u64,
    /// Latest first.
    pub threads: Vec<UnreadThread>,
}

/// Unread messages: in the caller's own participations and in those of
/// their organisations' missions.
#[utoipa::path(operation_id = "unread_messages", tag = "conversations", security(("bearer" = [])), responses(
    (status = 200, body = UnreadMessages),
))]
#[get("/me/messages/unread")]
pub async fn unread(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
) -> Result<HttpResponse, ServiceError> {
    let threads: Vec<UnreadThread> = service::unread(&state, &actor)
        .await?
        .into_iter()
        .map(|u| UnreadThread {
            participation_id: u.participation_id,
            mission_id: u.mission_id,
            mission_title: u.mission_title,
            unread: u.unread.max(0) as u64,
            latest_at: u.latest_at,
        })
        .collect();
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "private, no-store"))
        .json(UnreadMessages {
            total: threads.iter().map(|t| t.unread).sum(),
            threads,
        }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportView {
    pub id: Uuid,
    pub message_id: Uuid,
    /// The thread: `GET /v1/participations/{id}/messages`.
    pub participation_id: Uuid,
    pub mission_id: Uuid,
    pub mission_title: String,
    pub department: String,
    pub reason: String,
    /// The reported message.
    pub body: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportPage {
    pub items: Vec<ReportView>,
    pub next_before: Option<Uuid>,
}

/// Reported messages in the referent's departments (every department for
/// admins), newest first.
#[utoipa::path(operation_id = "message_reports", tag = "moderation", security(("bearer" = [])),
    params(ThreadQuery), responses(
    (status = 200, body = ReportPage),
    (status = 403, description = "`moderators_only`", body = Problem, content_type = "application/problem+json"),
))]
#[get("/moderation/message-reports")]
pub async fn reports(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    req: HttpRequest,
) -> Result<HttpResponse, ServiceError> {
    let query: ThreadQuery = super::parse_query(&req)?;
    let limit = query.limit()?;
    let rows = service::reports(&state, &actor, query.before, limit).await?;
    let next_before = (rows.len() as i64 == limit)
        .then(|| rows.last().map(|r| r.id))
        .flatten();
    Ok(HttpResponse::Ok().json(ReportPage {
        items: rows
            .into_iter()
            .map(|r| ReportView {
                id: r.id,
                message_id: r.message_id,
                participation_id: r.participation_id,
                mission_id: r.mission_id,
                mission_title: r.mission_title,
                department: r.department,
                reason: r.reason,
                body: r.body,
                created_at: r.created_at,
            })
            .collect(),
        next_before,
    }))
}
