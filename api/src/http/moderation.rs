//! `/v1/moderation`: what waits for a referent's decision, oldest first.

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::actor::Authenticated;
use super::pagination::{Page, PageQuery};
use super::problem::Problem;
use super::views::{private_view, MissionView, OrganizationView};
use crate::error::ServiceError;
use crate::services::moderation as service;
use crate::state::AppState;

/// Parsed after the role check: a stranger learns nothing of the query.
fn page_query(req: &HttpRequest) -> Result<PageQuery, ServiceError> {
    super::parse_query(req)
}

/// Organisations waiting for review in the caller's departments.
#[utoipa::path(operation_id = "moderation_organizations", tag = "moderation", security(("bearer" = [])), params(PageQuery), responses(
    (status = 200, body = Page<OrganizationView>),
    (status = 403, body = Problem, content_type = "application/problem+json"),
))]
#[get("/moderation/organizations")]
pub async fn organizations(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    req: HttpRequest,
) -> Result<HttpResponse, ServiceError> {
    let departments = service::scope(&actor)?;
    let query = page_query(&req)?;
    let limit = query.limit()?;
    let after: Option<(DateTime<Utc>, Uuid)> = query.cursor()?;
    let rows =
        service::organizations(&state, &actor, departments.as_deref(), after, limit + 1).await?;
    let more = rows.len() as i64 > limit;
    let items: Vec<OrganizationView> = rows
        .into_iter()
        .take(limit as usize)
        .map(OrganizationView::from)
        .collect();
    let next_cursor = more
        .then(|| {
            items.last().map(|o: &OrganizationView| {
                super::pagination::encode_cursor(&(o.submitted_at, o.id))
            })
        })
        .flatten();
    Ok(HttpResponse::Ok().json(Page { items, next_cursor }))
}

/// Missions waiting for review in the caller's departments.
#[utoipa::path(operation_id = "moderation_missions", tag = "moderation", security(("bearer" = [])), params(PageQuery), responses(
    (status = 200, body = Page<MissionView>),
    (status = 403, body = Problem, content_type = "application/problem+json"),
))]
#[get("/moderation/missions")]
pub async fn missions(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    req: HttpRequest,
) -> Result<HttpResponse, ServiceError> {
    let departments = service::scope(&actor)?;
    let query = page_query(&req)?;
    let limit = query.limit()?;
    let after: Option<(DateTime<Utc>, Uuid)> = query.cursor()?;
    let rows = service::missions(&state, &actor, departments.as_deref(), after, limit + 1).await?;
    Ok(HttpResponse::Ok().json(Page::from_rows(
        rows,
        limit,
        |(m, _, _)| (m.submitted_at, m.id),
        |(m, addresses, relation)| {
            let allowed = m.state().allowed_targets(relation);
            private_view(m, addresses, allowed)
        },
    )))
}
